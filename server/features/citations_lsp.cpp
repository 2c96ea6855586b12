// The citation commands in the editor (citations.cpp): accord.citeCommentary inserts a citation
// to the commentary behind a term (and its BibTeX entry into the .bib file), and
// accord.insertAbbreviationTable inserts the draft's table of abbreviations.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "grammar/files.h"
#include "grammar/paths.h"
#include "server/features/binding.h"
#include "server/features/citations.h"
#include "server/language_server.h"
#include "server/workspace.h"

namespace accord {

namespace fs = std::filesystem;

namespace {

/// What accord.citeCommentary was asked: arguments[0] = {uri, position, termId?, style?,
/// bibFile?}, with the settings filling what is left out.
struct CiteRequest {
  std::string uri;
  lsp::Position position;
  std::string termId;
  features::CitationStyle style = features::CitationStyle::Auto;
  std::string bibFile;
};

CiteRequest parseCiteRequest(const lsp::ExecuteCommandParams& params, const Settings& settings) {
  const json& args = binding::commandArgument(params);
  CiteRequest r;
  r.uri = binding::stringArgument(args, "uri", true);
  if (!args.contains("position"))
    throw rpc::InvalidParams("arguments[0].position", "is missing");
  try {
    lsp::read(args["position"], r.position);
  } catch (rpc::InvalidParams& e) {
    e.within("arguments[0].position");
    throw;
  }
  r.termId = binding::stringArgument(args, "termId", false);
  r.style = settings.citations.style;
  if (std::string s = binding::stringArgument(args, "style", false);
      !s.empty() && !features::parseCitationStyle(s, r.style))
    throw rpc::InvalidParams("arguments[0].style", "expected auto, footnote, pandoc or latex");
  r.bibFile = binding::stringArgument(args, "bibFile", false);
  if (r.bibFile.empty())
    r.bibFile = settings.citations.bibFile;
  return r;
}

/// The .bib file to append to: relative to the draft's folder, as \bibliography{} resolves it,
/// and confined to the workspace folders and the draft's folder (the path comes from settings,
/// a cloned workspace's too, or the command's arguments). RequestFailed otherwise.
fs::path bibPathFor(const LanguageServer& server, const Document& doc, const std::string& bibFile) {
  std::string draftPath;
  fs::path bibPath(bibFile);
  if (bibPath.is_relative()) {
    if (fileUriToPath(doc.uri, draftPath)) {
      bibPath = fs::path(draftPath).parent_path() / bibPath;
    } else if (auto folders = server.workspaceFolderPaths(); !folders.empty()) {
      bibPath = fs::path(folders.front()) / bibPath;
    } else {
      throw rpc::Error(
          rpc::ErrorCode::RequestFailed,
          "The draft is not a file on disk; set accord.citations.bibFile to an absolute path.");
    }
  }
  bibPath = bibPath.lexically_normal();
  std::vector<std::string> roots = server.workspaceFolderPaths();
  if (std::string draftFile; fileUriToPath(doc.uri, draftFile))
    roots.push_back(fs::path(draftFile).parent_path().string());
  if (bibPath.extension() != ".bib")
    throw rpc::Error(rpc::ErrorCode::RequestFailed,
                     bibPath.string() +
                         " is not a .bib file; set accord.citations.bibFile to one.");
  if (std::none_of(roots.begin(), roots.end(),
                   [&](const std::string& root) { return insideDirectory(bibPath, root); }))
    throw rpc::Error(rpc::ErrorCode::RequestFailed,
                     bibPath.string() +
                         " is outside the workspace folders and the draft's folder; "
                         "set accord.citations.bibFile to a file inside the workspace.");
  return bibPath;
}

std::shared_ptr<const DraftAnalysis> requireAnalysis(LanguageServer& server,
                                                     const std::shared_ptr<const Document>& doc,
                                                     std::shared_ptr<const Knowledge>& k) {
  k = server.knowledge;
  if (!k)
    throw rpc::Error(rpc::ErrorCode::RequestFailed,
                     "Accord is still loading the commentaries; try again in a moment.");
  return server.analysis(doc, k)->analysis;
}

} // namespace

void LanguageServer::onInsertAbbreviationTable(const lsp::ExecuteCommandParams& params,
                                               rpc::Reply reply) {
  const json& args = binding::commandArgument(params);
  auto doc = requireDocument(binding::stringArgument(args, "uri", true));
  std::shared_ptr<const Knowledge> k;
  auto analysis = requireAnalysis(*this, doc, k);
  features::TextEdit edit;
  std::string error;
  if (!features::abbreviationTableEdit(*k, *analysis, doc->text, doc->language, edit, error))
    throw rpc::Error(rpc::ErrorCode::RequestFailed, error);
  binding::applyAndReply(*this, binding::WorkspaceEditBuilder(*this).edit(*doc, {edit}).build(),
                         "Insert table of abbreviations", "insert the table", std::move(reply));
}

void LanguageServer::onCiteCommentary(const lsp::ExecuteCommandParams& params, rpc::Reply reply) {
  CiteRequest request = parseCiteRequest(params, settings_);
  auto doc = requireDocument(request.uri);
  std::shared_ptr<const Knowledge> k;
  auto analysis = requireAnalysis(*this, doc, k);
  features::Citation citation;
  std::string error;
  if (!features::citeCommentary(*k, *analysis, doc->text, doc->language,
                                toOffset(*doc, request.position), request.style, request.termId,
                                citation, error))
    throw rpc::Error(rpc::ErrorCode::RequestFailed, error);

  binding::WorkspaceEditBuilder edit(*this);
  edit.edit(*doc, citation.draftEdits);
  if (!citation.bibEntry.empty()) {
    fs::path bibPath = bibPathFor(*this, *doc, request.bibFile);
    std::string bibUri = pathToFileUri(bibPath.string());
    std::string bibText;
    std::optional<int32_t> bibVersion;
    bool exists = false;
    if (auto open = document(bibUri)) {
      bibText = open->text;
      bibVersion = open->version;
      exists = true;
    } else {
      std::error_code ec;
      exists = fs::is_regular_file(bibPath, ec) && readFile(bibPath, bibText);
    }
    std::string append = features::bibAppendText(bibText, citation.key, citation.bibEntry);
    if (!append.empty()) {
      if (!exists) {
        if (!edit.canCreateFiles())
          throw rpc::Error(rpc::ErrorCode::RequestFailed,
                           bibPath.string() + " does not exist and the editor cannot create files; "
                                              "create it (it may be empty) and cite again.");
        edit.createFile(bibUri);
      }
      LineIndex lines(bibText);
      lsp::Position end = toRange(bibText, lines,
                                  Span{static_cast<uint32_t>(bibText.size()),
                                       static_cast<uint32_t>(bibText.size())})
                              .start;
      edit.edit(bibUri, bibVersion, {{{end, end}, append}});
    }
  }
  if (!client_.applyEdit)
    throw rpc::Error(rpc::ErrorCode::RequestFailed,
                     "The editor cannot apply workspace edits (workspace.applyEdit).");
  binding::applyAndReply(*this, edit.build(), "Cite " + citation.key, "apply the citation",
                         std::move(reply));
}

} // namespace accord
