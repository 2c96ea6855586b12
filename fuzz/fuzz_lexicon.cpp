// libFuzzer target: loading user data files: lexicon JSON (with RE2 patterns compiled into a
// recogniser), the CSL-JSON catalog with the citations rendered from it, and the exclude globs
// of the workspace settings.
//
// These files come from the user's workspace (.accord/lexicon/*.json) and corpus folders: a
// bad file must be reported (file, line, fix) and skipped, never crash or hang the server.
// Checked: no crash, no UB, no hang; every error names the file, a line inside it and a
// message; every loaded term has an id; the recogniser built from the loaded terms scans
// text (its own file and a sample draft) with well-formed results.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_common.h"
#include "grammar/catalog.h"
#include "grammar/lexicon.h"
#include "grammar/recognizer.h"
#include "server/workspace.h"

using namespace accord;

namespace {

constexpr const char* kTarget = "fuzz_lexicon";
const std::string kFile = "/fuzz/.accord/lexicon/user.json";
constexpr std::string_view kSample =
    "The General Security of Military Information Agreement (GSOMIA) and the FTA; Japan-ROK "
    "GSOMIA's future, the 2015 comfort women agreement, Dokdo/Takeshima. GSOMIA는 😂 TCOG.\n";

void checkErrors(const std::vector<DataError>& errors, std::string_view text) {
  // Line ends as an editor counts them (and the loader does): \r\n, a lone \r, \n.
  size_t lines = 1;
  for (size_t i = 0; i < text.size(); ++i)
    lines += text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'));
  for (const DataError& e : errors) {
    if (e.file != kFile)
      fuzz::fail(kTarget, "an error names another file: " + e.file);
    if (e.line > lines + 1)
      fuzz::fail(kTarget, "an error on line " + std::to_string(e.line) + " of a " +
                              std::to_string(lines) + "-line file");
    if (e.message.empty())
      fuzz::fail(kTarget, "an error without a message");
    e.format();
  }
}

void scan(const Recognizer& r, std::string_view text, size_t termCount) {
  for (Language language : {Language::PlainText, Language::Markdown}) {
    auto mentions = r.scan(text, language);
    for (size_t i = 0; i < mentions.size(); ++i) {
      const Mention& m = mentions[i];
      if (m.span.begin >= m.span.end || m.span.end > text.size())
        fuzz::fail(kTarget, "a mention outside the text");
      if (m.term >= termCount)
        fuzz::fail(kTarget, "a mention of a term out of range");
      if (i > 0 && m.span.begin < mentions[i - 1].span.end)
        fuzz::fail(kTarget, "mentions overlap");
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quietLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1)
    return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<DataError> errors;
  if ((data[0] & 3) == 2) {
    // accord.workspace.exclude globs (settings a cloned workspace may carry): "PATTERN\nPATH".
    size_t nl = text.find('\n');
    if (nl != std::string_view::npos)
      globMatch(text.substr(0, nl), text.substr(nl + 1));
    return 0;
  }
  if ((data[0] & 1) == 0) {
    std::vector<Term> terms = parseLexicon(text, kFile, errors);
    checkErrors(errors, text);
    for (const Term& t : terms) {
      if (t.id.empty())
        fuzz::fail(kTarget, "a term without an id was loaded");
      if (t.shortForm.empty() && t.longForm.empty())
        fuzz::fail(kTarget, "a term without a name was loaded");
    }
    std::vector<DataError> buildErrors;
    Recognizer r = Recognizer::build(terms, buildErrors);
    scan(r, kSample, terms.size());
    scan(r, text, terms.size());
  } else {
    std::vector<CslItem> items = parseCatalog(text, kFile, errors);
    checkErrors(errors, text);
    for (const CslItem& item : items) {
      chicagoNote(item);
      bibtexEntry(item);
      shortCitation(item);
    }
  }
  return 0;
}
