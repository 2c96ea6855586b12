// The CSL-JSON catalog and the citations rendered from it, for the five bundled commentaries.
#include <catch2/catch.hpp>

#include "grammar/catalog.h"
#include "test_grammar_util.h"

using namespace accord;
using namespace accord::test;

namespace {

const CslItem& item(const std::vector<CslItem>& items, const std::string& id) {
  for (const CslItem& i : items)
    if (i.id == id)
      return i;
  FAIL("no catalog item " << id);
  return items.front();
}

std::vector<CslItem> bundled() {
  std::vector<DataError> errors;
  std::string path = std::string(ACCORD_SOURCE_DATA_DIR) + "/corpus/catalog.json";
  std::vector<CslItem> items = parseCatalog(readFile(path), path, errors);
  REQUIRE(errors.empty());
  return items;
}

} // namespace

TEST_CASE("catalog: the bundled catalog describes the five commentaries") {
  std::vector<CslItem> items = bundled();
  REQUIRE(items.size() == 5);
  const CslItem& a = item(items, "akutsu2008");
  CHECK(a.title == "A New Era for Japan-ROK Relations");
  CHECK(a.author.size() == 1);
  CHECK(a.author[0].family == "Akutsu");
  CHECK(a.year == 2008);
  CHECK(a.month == 3);
  CHECK(a.day == 14);
  CHECK(a.number == "28");
  CHECK(a.file == "akutsu-2008-new-era.txt");
  const CslItem& n = item(items, "nishino2017");
  // no date printed: the year the text refers to, marked circa (issue 17: every item dated)
  CHECK(n.year == 2017);
  CHECK(n.circa);
  CHECK(n.month == 0);
  CHECK(n.type == "report");
  for (const CslItem& i : items) {
    CHECK(i.year > 0);
    CHECK_FALSE(i.publisher.empty());
    CHECK_FALSE(i.collectionTitle.empty());
  }
  CHECK(item(items, "ando2014").author.size() == 3);
}

TEST_CASE("catalog: Chicago notes") {
  std::vector<CslItem> items = bundled();
  CHECK(chicagoNote(item(items, "akutsu2008")) ==
        "Hiroyasu Akutsu, “A New Era for Japan-ROK Relations,” AJISS-Commentary no. 28 (The "
        "Association of Japanese "
        "Institutes of Strategic Studies, March 14, 2008).");
  CHECK(chicagoNote(item(items, "park2019")) ==
        "Young June Park, “Directions for the ROK-Japan Diplomatic and Security Cooperation,” "
        "Sejong Focus, Current "
        "Issues & Policies no. 2019-11 (Sejong Institute, June 20, 2019).");
  CHECK(chicagoNote(item(items, "nishino2017")) ==
        "Junya Nishino, “Japan's Security Relationship with the Republic of Korea: Opportunities & "
        "Challenges,” "
        "Strategic Japan Working Paper Series (Center for Strategic and International Studies, "
        "ca. 2017).");
  CHECK(chicagoNote(item(items, "ando2014")) ==
        "Masahiko Ando, Wei C. Chou, and Aoi Fujita, “Developing a Future Partnership between "
        "Japan and South Korea "
        "for Regional Stability in East Asia,” Policy Brief (Young Strategists Forum) (The German "
        "Marshall Fund of the "
        "United States, ca. 2014).");
  CHECK(chicagoNote(item(items, "nishino2015")) ==
        "Junya Nishino, “Political leaders in Japan and the ROK should highlight the importance of "
        "bilateral "
        "cooperation,” AJISS-Commentary no. 210 (The Association of Japanese Institutes of "
        "Strategic Studies, May 15, "
        "2015).");
}

TEST_CASE("catalog: short citations") {
  std::vector<CslItem> items = bundled();
  CHECK(shortCitation(item(items, "akutsu2008")) == "Akutsu 2008");
  CHECK(shortCitation(item(items, "park2019")) == "Park 2019");
  CHECK(shortCitation(item(items, "nishino2017")) == "Nishino ca. 2017");
  CHECK(shortCitation(item(items, "ando2014")) == "Ando, Chou and Fujita ca. 2014");
  CHECK(shortCitation(item(items, "nishino2015")) == "Nishino 2015");
}

TEST_CASE("catalog: BibTeX entries") {
  std::vector<CslItem> items = bundled();
  CHECK(bibtexEntry(item(items, "akutsu2008")) ==
        "@article{akutsu2008,\n"
        "  author = {Akutsu, Hiroyasu},\n"
        "  title = {{A New Era for Japan-ROK Relations}},\n"
        "  journal = {AJISS-Commentary},\n"
        "  number = {28},\n"
        "  publisher = {The Association of Japanese Institutes of Strategic Studies},\n"
        "  year = {2008},\n"
        "  month = mar,\n"
        "  date = {2008-03-14},\n"
        "  note = {Secretariat: The Japan Institute of International Affairs},\n"
        "}\n");
  CHECK(bibtexEntry(item(items, "ando2014")) ==
        "@techreport{ando2014,\n"
        "  author = {Ando, Masahiko and Chou, Wei C. and Fujita, Aoi},\n"
        "  title = {{Developing a Future Partnership between Japan and South Korea for Regional "
        "Stability in East Asia}},\n"
        "  institution = {The German Marshall Fund of the United States},\n"
        "  type = {Policy Brief (Young Strategists Forum)},\n"
        "  year = {2014},\n"
        "  date = {2014~},\n"
        "  note = {No date printed; the text cites events up to June 1, 2014},\n"
        "}\n");
  std::string park = bibtexEntry(item(items, "park2019"));
  CHECK(park.find("journal = {Sejong Focus, Current Issues \\& Policies}") != std::string::npos);
  CHECK(park.find("number = {2019-11}") != std::string::npos);
  std::string nishino = bibtexEntry(item(items, "nishino2017"));
  CHECK(nishino.rfind("@techreport{nishino2017,", 0) == 0);
  CHECK(nishino.find("Opportunities \\& Challenges") != std::string::npos);
  CHECK(nishino.find("year = {2017}") != std::string::npos);
  CHECK(bibtexEntry(item(items, "nishino2015")).find("month = may,") != std::string::npos);
}

TEST_CASE("catalog: bad items are reported by line and skipped") {
  std::string json =
      "[\n"
      "  {\"id\": \"ok\", \"title\": \"Fine\", \"issued\": {\"date-parts\": [[\"2020\", "
      "\"5\"]]}},\n"
      "  {\"title\": \"No id\"},\n"
      "  {\"id\": \"bad-date\", \"issued\": {\"date-parts\": [[2020, 13]]}},\n"
      "  {\"id\": \"ok\", \"title\": \"Twice\"},\n"
      "  {\"id\": \"authors\", \"author\": [{\"literal\": \"Sejong Institute\"}], \"number\": 7}\n"
      "]\n";
  std::vector<DataError> errors;
  std::vector<CslItem> items = parseCatalog(json, "catalog.json", errors);
  REQUIRE(items.size() == 2);
  CHECK(items[0].year == 2020);
  CHECK(items[0].month == 5);
  CHECK(items[1].author[0].family == "Sejong Institute");
  CHECK(items[1].number == "7");
  CHECK(shortCitation(items[1]) == "Sejong Institute");
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].format().rfind("catalog.json:3: item 2: missing \"id\"", 0) == 0);
  CHECK(errors[1].line == 4);
  CHECK(errors[2].line == 5);
  errors.clear();
  CHECK(parseCatalog("{", "broken.json", errors).empty());
  CHECK(errors.size() == 1);
}

TEST_CASE("catalog: errors deep in a long catalog name the line of their item") {
  // Lines are counted in one pass now (was: from the start of the file for every item).
  std::string json = "[\n";
  for (int i = 0; i < 500; ++i)
    json += "  {\"id\": \"item-" + std::to_string(i) +
            "\",\n   \"title\": \"T\"},\n"; // two lines an item
  json += "  {\"title\": \"No id\"},\n";    // line 1002
  json += "  {\"id\": \"item-7\"},\n";      // line 1003: the id is used twice
  json += "\n\n  {\"id\": \"last\", \"issued\": {\"date-parts\": [[2020, 13]]}}\n]\n"; // line 1006
  std::vector<DataError> errors;
  std::vector<CslItem> items = parseCatalog(json, "catalog.json", errors);
  CHECK(items.size() == 500);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].format().rfind("catalog.json:1002: item 501: missing \"id\"", 0) == 0);
  CHECK(errors[1].line == 1003);
  CHECK(errors[1].message.find("used twice") != std::string::npos);
  CHECK(errors[2].line == 1006);
}
