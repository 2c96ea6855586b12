// CSL-JSON metadata of the commentaries and the citations rendered from it.
#pragma once
#include "grammar/types.h"

namespace accord {

struct CslName {
  std::string family;
  std::string given;
};

/// The subset of a CSL-JSON item that Accord reads and writes.
struct CslItem {
  std::string id;   ///< citation key, e.g. "akutsu2008"
  std::string type; ///< "article", "report", …
  std::string title;
  std::vector<CslName> author;
  int year = 0, month = 0, day = 0; ///< issued; 0 when not stated
  bool circa = false;               ///< issued "circa": the text dates it only roughly
  std::string publisher;
  std::string collectionTitle;
  std::string number;
  std::string note;
  std::string containerTitle; ///< "container-title": the journal or website
  std::string url;            ///< "URL"
  std::string file;           ///< "accord-file": the text file this item describes
};

/// Reads a CSL-JSON array. Bad items are reported in `errors` (file and line) and skipped.
std::vector<CslItem> parseCatalog(std::string_view json, const std::string& fileName,
                                  std::vector<DataError>& errors);

/// Reads a BibTeX file (Zotero's Better BibTeX export): each entry's key is its id, `file`
/// (Zotero's "Description:path:mime;…" or a plain path) names the document it describes by its
/// file name. Entries without a title are reported in `errors` and skipped.
std::vector<CslItem> parseBibtex(std::string_view bib, const std::string& fileName,
                                 std::vector<DataError>& errors);

/// The item as CSL-JSON (one object), as parseCatalog reads it back.
std::string cslJson(const CslItem&);

/// Chicago notes style footnote text, e.g. "Hiroyasu Akutsu, “A New Era for Japan-ROK
/// Relations,” AJISS-Commentary no. 28 (The Association …, March 14, 2008)."
/// `locator` ("p. 7"), when given, follows the parenthesis as the page cited.
std::string chicagoNote(const CslItem&, std::string_view locator = {});
/// A BibTeX entry keyed by the item's id.
std::string bibtexEntry(const CslItem&);
/// "Akutsu 2008", "Ando, Chou and Fujita", for short references in hovers.
std::string shortCitation(const CslItem&);

} // namespace accord
