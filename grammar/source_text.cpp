// Reading PDF (poppler), HTML (gumbo), Markdown and plain text into one SourceText.
#include "grammar/source_text.h"

#include <gumbo.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "grammar/utf8.h"

namespace accord {

namespace {

bool endsWithCI(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size())
    return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char a = s[s.size() - suffix.size() + i];
    if (a >= 'A' && a <= 'Z')
      a = static_cast<char>(a - 'A' + 'a');
    if (a != suffix[i])
      return false;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool isBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && isBlank(s[b]))
    ++b;
  while (e > b && isBlank(s[e - 1]))
    --e;
  return std::string(s.substr(b, e - b));
}

/// Runs of white space (ASCII and U+00A0) folded to one space, trimmed.
std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool blank = isBlank(s[i]);
    if (!blank && static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      blank = true;
      ++i;
    }
    if (blank) {
      space = !out.empty();
      continue;
    }
    if (space)
      out += ' ';
    space = false;
    out += s[i];
  }
  return out;
}

std::string utf8Of(const poppler::ustring& u) {
  poppler::byte_array b = u.to_utf8();
  return std::string(b.begin(), b.end());
}

/// "Roe, Jane; Doe, John", "Jane Roe and John Doe", "Jane Roe, John Doe" → names.
std::vector<CslName> parseNames(std::string_view text) {
  std::vector<CslName> out;
  std::string s = collapse(text);
  std::vector<std::string> parts;
  auto split = [&](const std::string& sep) {
    std::vector<std::string> r;
    size_t i = 0;
    for (size_t j; (j = s.find(sep, i)) != std::string::npos; i = j + sep.size())
      r.push_back(trim(s.substr(i, j - i)));
    r.push_back(trim(s.substr(i)));
    return r;
  };
  if (s.find(';') != std::string::npos)
    parts = split(";");
  else if (s.find(" and ") != std::string::npos)
    parts = split(" and ");
  else if (std::count(s.begin(), s.end(), ',') >= 2 ||
           (s.find(',') != std::string::npos && s.find(' ', s.find(',') + 2) != std::string::npos))
    parts = split(","); // "Jane Roe, John Doe" (a "Roe, Jane" has no space after its given name)
  else
    parts = {s};
  for (std::string& p : parts) {
    if (p.empty())
      continue;
    CslName n;
    if (size_t comma = p.find(','); comma != std::string::npos) {
      n.family = trim(p.substr(0, comma));
      n.given = trim(p.substr(comma + 1));
    } else if (size_t space = p.rfind(' '); space != std::string::npos) {
      n.given = trim(p.substr(0, space));
      n.family = trim(p.substr(space + 1));
    } else {
      n.family = p;
    }
    if (!n.family.empty())
      out.push_back(std::move(n));
  }
  return out;
}

/// "2019-03-14", "2019-03", "2019", "2019-03-14T09:00:00Z", "D:20190314…", "March 14, 2019",
/// "14 March 2019" → year, month, day. Returns false when no year is found.
bool parseDate(std::string_view s, int& year, int& month, int& day) {
  std::string t = trim(s);
  if (t.rfind("D:", 0) == 0)
    t = t.substr(2);
  auto digits = [&](size_t at, size_t n) {
    if (at + n > t.size())
      return -1;
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9')
        return -1;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  year = month = day = 0;
  if (int y = digits(0, 4); y > 0) {
    year = y;
    size_t at = 4;
    bool sep = at < t.size() && (t[at] == '-' || t[at] == '/');
    if (sep)
      ++at;
    if (int m = digits(at, 2); m >= 1 && m <= 12) {
      month = m;
      at += 2;
      if (sep && at < t.size() && (t[at] == '-' || t[at] == '/'))
        ++at;
      if (int d = digits(at, 2); d >= 1 && d <= 31)
        day = d;
    }
    return year >= 1000 && year <= 2999;
  }
  static const char* const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string l = lower(t);
  for (int m = 0; m < 12; ++m) {
    size_t at = l.find(months[m]);
    if (at == std::string::npos || (at > 0 && std::isalpha(static_cast<unsigned char>(l[at - 1]))))
      continue;
    month = m + 1;
    // the numbers around: a 4-digit year, and a 1–2 digit day
    for (size_t i = 0; i < l.size();) {
      if (!std::isdigit(static_cast<unsigned char>(l[i]))) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < l.size() && std::isdigit(static_cast<unsigned char>(l[j])))
        ++j;
      int v = std::stoi(l.substr(i, std::min<size_t>(j - i, 6)));
      if (j - i == 4)
        year = v;
      else if (j - i <= 2 && v >= 1 && v <= 31)
        day = v;
      i = j;
    }
    return year >= 1000 && year <= 2999;
  }
  return false;
}

// ---------------------------------------------------------------------------------------- PDF

/// A line's text with its digits folded (page numbers differ) and case and space folded: the
/// key of a running head or footer.
std::string repeatKey(std::string_view line) {
  std::string out;
  for (char c : collapse(line)) {
    if (c >= '0' && c <= '9') {
      if (out.empty() || out.back() != '#')
        out += '#';
    } else {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  return out;
}

/// "7", "- 7 -", "Page 7", "7 of 12", "iv": a bare page number.
bool isPageNumber(std::string_view line) {
  std::string l = lower(collapse(line));
  if (l.rfind("page ", 0) == 0)
    l = l.substr(5);
  std::string core;
  for (char c : l)
    if (c != '-' && c != ' ' && c != '|')
      core += c;
  if (core.empty() || core.size() > 12)
    return false;
  if (core.find_first_not_of("0123456789") == std::string::npos)
    return true;
  if (size_t of = core.find("of"); of != std::string::npos && of > 0 &&
                                   core.find_first_not_of("0123456789of") == std::string::npos)
    return true;
  return core.size() <= 6 && core.find_first_not_of("ivxlc") == std::string::npos;
}

bool isLower(std::string_view s, size_t at) {
  if (at >= s.size())
    return false;
  unsigned char c = static_cast<unsigned char>(s[at]);
  return c >= 'a' && c <= 'z';
}

bool isFootnoteMarker(std::string_view word) {
  if (word.empty() || word.size() > 3)
    return word == "\xE2\x80\xA0" || word == "\xE2\x80\xA1"; // † ‡
  return word.find_first_not_of("0123456789*") == std::string_view::npos;
}

/// The lines of one page from poppler's words in reading order: a line ends where the next
/// word does not continue it on the right at the same height; a paragraph where the gap to the
/// next line is larger than a line or the text moves up (the next column). Superscript
/// footnote markers (small digits raised above the line) are dropped.
std::vector<PageLine> pageLines(poppler::page& page) {
  std::vector<PageLine> lines;
  std::vector<poppler::text_box> boxes = page.text_list(poppler::page::text_list_include_font);
  double lineTop = 0, lineBottom = 0, lineSize = 0, lastRight = 0, prevHeight = 0;
  bool spaceAfter = false, open = false;
  for (poppler::text_box& box : boxes) {
    std::string word = unfoldLigatures(utf8Of(box.text()));
    if (word.empty())
      continue;
    poppler::rectf r = box.bbox();
    double top = r.y(), bottom = r.y() + r.height(), size = box.get_font_size();
    bool sameLine = open && r.x() >= lastRight - 1 && top < lineBottom && bottom > lineTop;
    if (sameLine && isFootnoteMarker(word) && size > 0 && lineSize > 0 && size <= 0.8 * lineSize &&
        bottom < lineBottom - 0.15 * (lineBottom - lineTop)) {
      spaceAfter = box.has_space_after();
      lastRight = r.x() + r.width();
      continue; // a raised small number after a word: a footnote marker
    }
    if (!sameLine) {
      PageLine& line = lines.emplace_back();
      if (open) {
        double height = lineBottom - lineTop;
        line.paragraphBefore = top < lineTop - 0.5 * height || // up: the next column
                               top - lineBottom > 0.9 * std::max(height, prevHeight) ||
                               // a heading set tight above its text: another size of type
                               std::abs(size - lineSize) > 0.15 * std::max(size, lineSize);
      }
      prevHeight = lineBottom - lineTop;
      lineTop = top;
      lineBottom = bottom;
      lineSize = size;
      open = true;
    } else if (spaceAfter || r.x() - lastRight > 0.25 * std::max(size, 1.0)) {
      lines.back().text += ' '; // a gap wider than a space: a tab stop, a page number
    }
    lines.back().text += word;
    lineTop = std::min(lineTop, top);
    lineBottom = std::max(lineBottom, bottom);
    lineSize = std::max(lineSize, size);
    lines.back().size = lineSize;
    lastRight = r.x() + r.width();
    spaceAfter = box.has_space_after();
  }
  return lines;
}

bool readPdf(std::string_view bytes, SourceText& out, std::string& error) {
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    error = "larger than 2 GiB";
    return false;
  }
  // poppler prints every complaint about a damaged file to stderr; the caller reports the
  // file once instead
  static std::once_flag quiet;
  std::call_once(
      quiet, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    error = "not a PDF poppler can read";
    return false;
  }
  if (doc->is_locked()) {
    error = "the PDF is encrypted";
    return false;
  }
  std::vector<std::vector<PageLine>> pages;
  std::vector<std::string> labels;
  for (int p = 0; p < doc->pages(); ++p) {
    std::unique_ptr<poppler::page> page(doc->create_page(p));
    if (!page) {
      pages.emplace_back();
      labels.push_back(std::to_string(p + 1));
      continue;
    }
    pages.push_back(pageLines(*page));
    std::string label = utf8Of(page->label());
    labels.push_back(label.empty() ? std::to_string(p + 1) : label);
  }
  // The title printed on the first page: its largest line (with the lines right after it in
  // the same size), when clearly larger than the body text.
  std::string printedTitle;
  if (!pages.empty() && !pages[0].empty()) {
    std::vector<double> sizes;
    for (const PageLine& l : pages[0])
      sizes.push_back(l.size);
    std::sort(sizes.begin(), sizes.end());
    const double body = sizes[sizes.size() / 2];
    size_t best = 0;
    for (size_t i = 1; i < pages[0].size(); ++i)
      if (pages[0][i].size > pages[0][best].size)
        best = i;
    if (pages[0][best].size >= 1.3 * body) {
      for (size_t i = best; i < pages[0].size() && i < best + 3 &&
                            std::abs(pages[0][i].size - pages[0][best].size) < 0.5;
           ++i)
        printedTitle += (printedTitle.empty() ? "" : " ") + pages[0][i].text;
      printedTitle = collapse(printedTitle);
      if (printedTitle.size() > 200 || isJunkTitle(printedTitle))
        printedTitle.clear();
    }
  }
  assemblePages(std::move(pages), labels, out);
  if (out.text.find_first_not_of(" \t\r\n\f") == std::string::npos && doc->pages() > 0) {
    error = "has no text layer (a scanned PDF? run OCR on it first)";
    return false;
  }
  // The document's Info: believed only when it is not a word processor's placeholder.
  std::string title = collapse(utf8Of(doc->info_key("Title")));
  out.meta.title = isJunkTitle(title) ? printedTitle : title;
  std::string author = collapse(utf8Of(doc->info_key("Author")));
  if (!author.empty() && lower(author) != "unknown" && lower(author) != "user" &&
      lower(author) != "administrator")
    out.meta.author = parseNames(author);
  std::string created = utf8Of(doc->info_key("CreationDate"));
  int y = 0, m = 0, d = 0;
  if (parseDate(created, y, m, d)) {
    out.meta.year = y;
    out.meta.month = m;
    out.meta.day = d;
  }
  return true;
}

// --------------------------------------------------------------------------------------- HTML

const char* attribute(const GumboNode* node, const char* name) {
  if (node->type != GUMBO_NODE_ELEMENT)
    return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? a->value : nullptr;
}

/// Page furniture by name: what a saved page wraps around its article.
bool isBoilerplate(const GumboNode* node) {
  switch (node->v.element.tag) {
  case GUMBO_TAG_NAV:
  case GUMBO_TAG_SCRIPT:
  case GUMBO_TAG_STYLE:
  case GUMBO_TAG_NOSCRIPT:
  case GUMBO_TAG_HEADER:
  case GUMBO_TAG_FOOTER:
  case GUMBO_TAG_ASIDE:
  case GUMBO_TAG_FORM:
  case GUMBO_TAG_BUTTON:
  case GUMBO_TAG_SVG:
  case GUMBO_TAG_TEMPLATE:
  case GUMBO_TAG_IFRAME:
  case GUMBO_TAG_SELECT:
  case GUMBO_TAG_HEAD:
    return true;
  default:
    break;
  }
  if (const char* hidden = attribute(node, "hidden"); hidden)
    return true;
  if (const char* aria = attribute(node, "aria-hidden"); aria && std::string_view(aria) == "true")
    return true;
  if (const char* role = attribute(node, "role")) {
    std::string r = lower(role);
    if (r == "navigation" || r == "banner" || r == "contentinfo" || r == "complementary" ||
        r == "dialog" || r == "alertdialog" || r == "search" || r == "menu")
      return true;
  }
  static const char* const furniture[] = {"cookie",      "consent",     "gdpr",      "newsletter",
                                          "subscribe",   "social",      "share",     "breadcrumb",
                                          "sidebar",     "advert",      "promo",     "navbar",
                                          "site-header", "site-footer", "skip-link", "related"};
  for (const char* attr : {"id", "class"}) {
    const char* v = attribute(node, attr);
    if (!v)
      continue;
    std::string l = lower(v);
    for (const char* f : furniture)
      if (l.find(f) != std::string::npos)
        return true;
  }
  return false;
}

bool isBlock(GumboTag tag) {
  switch (tag) {
  case GUMBO_TAG_P:
  case GUMBO_TAG_DIV:
  case GUMBO_TAG_SECTION:
  case GUMBO_TAG_ARTICLE:
  case GUMBO_TAG_MAIN:
  case GUMBO_TAG_BLOCKQUOTE:
  case GUMBO_TAG_UL:
  case GUMBO_TAG_OL:
  case GUMBO_TAG_LI:
  case GUMBO_TAG_DL:
  case GUMBO_TAG_DT:
  case GUMBO_TAG_DD:
  case GUMBO_TAG_TABLE:
  case GUMBO_TAG_TR:
  case GUMBO_TAG_PRE:
  case GUMBO_TAG_FIGURE:
  case GUMBO_TAG_FIGCAPTION:
  case GUMBO_TAG_H1:
  case GUMBO_TAG_H2:
  case GUMBO_TAG_H3:
  case GUMBO_TAG_H4:
  case GUMBO_TAG_H5:
  case GUMBO_TAG_H6:
  case GUMBO_TAG_HR:
  case GUMBO_TAG_ADDRESS:
    return true;
  default:
    return false;
  }
}

bool isHeading(GumboTag tag) {
  return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6;
}

struct HtmlWriter {
  SourceText& out;
  std::string pending; // the inline text of the current block, spaces not yet folded

  void flush() {
    std::string block = collapse(pending);
    pending.clear();
    if (block.empty())
      return;
    if (!out.text.empty())
      out.text += "\n\n";
    out.text += block;
  }

  void text(const GumboNode* node) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      pending += node->v.text.text;
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT || isBoilerplate(node))
      return;
    GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_BR) {
      pending += ' ';
      return;
    }
    bool block = isBlock(tag);
    if (block)
      flush();
    if (isHeading(tag)) {
      SourceAnchor a;
      a.offset = static_cast<uint32_t>(out.text.empty() ? 0 : out.text.size() + 2);
      const char* id = attribute(node, "id");
      children(node);
      a.label = collapse(pending);
      a.id = id ? id : slug(a.label);
      flush();
      if (!a.label.empty())
        out.anchors.push_back(std::move(a));
      return;
    }
    children(node);
    if (block)
      flush();
  }

  void children(const GumboNode* node) {
    const GumboVector& kids = node->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i)
      text(static_cast<const GumboNode*>(kids.data[i]));
  }
};

const GumboNode* findElement(const GumboNode* node, GumboTag tag, const char* role = nullptr) {
  if (node->type != GUMBO_NODE_ELEMENT)
    return nullptr;
  if (role ? attribute(node, "role") && lower(attribute(node, "role")) == role
           : node->v.element.tag == tag)
    return node;
  const GumboVector& kids = node->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i)
    if (const GumboNode* n = findElement(static_cast<const GumboNode*>(kids.data[i]), tag, role))
      return n;
  return nullptr;
}

std::string innerText(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE)
    return node->v.text.text;
  if (node->type != GUMBO_NODE_ELEMENT)
    return {};
  std::string s;
  const GumboVector& kids = node->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i)
    s += innerText(static_cast<const GumboNode*>(kids.data[i]));
  return s;
}

/// The <meta> tags and <title> of the head, for the page's own metadata.
void readHtmlMeta(const GumboNode* root, CslItem& meta) {
  std::multimap<std::string, std::string> tags;
  std::string title, canonical;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT)
      continue;
    GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_META) {
      const char* name = attribute(n, "name");
      if (!name)
        name = attribute(n, "property");
      const char* content = attribute(n, "content");
      if (name && content)
        tags.emplace(lower(name), collapse(content));
    } else if (tag == GUMBO_TAG_TITLE && title.empty()) {
      title = collapse(innerText(n));
    } else if (tag == GUMBO_TAG_LINK) {
      const char* rel = attribute(n, "rel");
      const char* href = attribute(n, "href");
      if (rel && href && lower(rel) == "canonical")
        canonical = href;
    }
    if (tag == GUMBO_TAG_BODY)
      continue; // meta tags live in the head
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = kids.length; i-- > 0;)
      stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  auto first = [&](std::initializer_list<const char*> names) -> std::string {
    for (const char* name : names)
      if (auto it = tags.find(name); it != tags.end() && !it->second.empty())
        return it->second;
    return {};
  };
  meta.title = first({"citation_title", "dc.title", "dcterms.title", "og:title"});
  if (meta.title.empty() && !isJunkTitle(title))
    meta.title = title;
  for (const char* name : {"citation_author", "dc.creator", "dcterms.creator", "author"}) {
    auto [b, e] = tags.equal_range(name);
    for (auto it = b; it != e; ++it)
      for (CslName& n : parseNames(it->second))
        meta.author.push_back(std::move(n));
    if (!meta.author.empty())
      break;
  }
  std::string date =
      first({"citation_publication_date", "citation_date", "dc.date", "dcterms.issued",
             "dcterms.date", "article:published_time", "citation_online_date"});
  int y = 0, m = 0, d = 0;
  if (parseDate(date, y, m, d)) {
    meta.year = y;
    meta.month = m;
    meta.day = d;
  }
  meta.publisher = first({"citation_publisher", "dc.publisher", "dcterms.publisher",
                          "citation_technical_report_institution", "og:site_name"});
  meta.containerTitle = first({"citation_journal_title", "citation_series_title"});
  meta.number = first({"citation_technical_report_number", "citation_issue"});
  // "Allies at odds | Example Institute": a <title> or og:title ends with the site's name
  if (!meta.publisher.empty())
    for (const char* sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: "}) {
      std::string tail = sep + meta.publisher;
      if (meta.title.size() > tail.size() &&
          lower(meta.title.substr(meta.title.size() - tail.size())) == lower(tail)) {
        meta.title.resize(meta.title.size() - tail.size());
        break;
      }
    }
  meta.url = first({"citation_public_url", "citation_abstract_html_url", "og:url"});
  if (meta.url.empty())
    meta.url = canonical;
}

bool readHtml(std::string_view bytes, SourceText& out, std::string& error) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* parsed = gumbo_parse_with_options(&options, bytes.data(), bytes.size());
  if (!parsed) {
    error = "the HTML parser gave up";
    return false;
  }
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> hold(
      parsed, [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  readHtmlMeta(parsed->root, out.meta);
  // The main text: <main>, else the first <article>, else role=main, else the body.
  const GumboNode* body = findElement(parsed->root, GUMBO_TAG_BODY);
  const GumboNode* main = findElement(parsed->root, GUMBO_TAG_MAIN);
  if (!main)
    main = findElement(parsed->root, GUMBO_TAG_ARTICLE);
  if (!main)
    main = findElement(parsed->root, GUMBO_TAG_UNKNOWN, "main");
  HtmlWriter writer{out, {}};
  const GumboNode* from = main ? main : body ? body : parsed->root;
  writer.children(from);
  writer.flush();
  if (!out.text.empty())
    out.text += '\n';
  return true;
}

// ----------------------------------------------------------------------------------- Markdown

void readMarkdown(std::string_view bytes, SourceText& out) {
  out.text = std::string(bytes);
  std::string_view t = out.text;
  size_t i = 0;
  // YAML front matter: title, author, date
  if (t.rfind("---\n", 0) == 0 || t.rfind("---\r\n", 0) == 0) {
    size_t end = t.find("\n---", 3);
    if (end != std::string_view::npos) {
      std::string_view block = t.substr(4, end - 4);
      for (size_t a = 0; a < block.size();) {
        size_t nl = block.find('\n', a);
        std::string_view line = block.substr(a, nl == std::string_view::npos ? block.npos : nl - a);
        size_t colon = line.find(':');
        if (colon != std::string_view::npos) {
          std::string key = lower(trim(line.substr(0, colon)));
          std::string value = trim(line.substr(colon + 1));
          if (value.size() >= 2 && (value[0] == '"' || value[0] == '\'') &&
              value.back() == value[0])
            value = value.substr(1, value.size() - 2);
          int y = 0, m = 0, d = 0;
          if (key == "title")
            out.meta.title = value;
          else if (key == "author" && !value.empty())
            out.meta.author = parseNames(value);
          else if (key == "date" && parseDate(value, y, m, d)) {
            out.meta.year = y;
            out.meta.month = m;
            out.meta.day = d;
          } else if (key == "publisher")
            out.meta.publisher = value;
          else if (key == "url")
            out.meta.url = value;
        }
        if (nl == std::string_view::npos)
          break;
        a = nl + 1;
      }
      i = end + 4;
    }
  }
  // ATX headings become anchors; the first level-1 heading is the title when none was given.
  bool fence = false;
  while (i < t.size()) {
    size_t nl = t.find('\n', i);
    size_t e = nl == std::string_view::npos ? t.size() : nl;
    std::string_view line = t.substr(i, e - i);
    if (line.rfind("```", 0) == 0 || line.rfind("~~~", 0) == 0)
      fence = !fence;
    else if (!fence && !line.empty() && line[0] == '#') {
      size_t level = line.find_first_not_of('#');
      if (level != std::string_view::npos && level <= 6 && line[level] == ' ') {
        std::string label = trim(line.substr(level));
        while (!label.empty() && label.back() == '#')
          label.pop_back();
        label = trim(label);
        if (level == 1 && out.meta.title.empty())
          out.meta.title = label;
        out.anchors.push_back({static_cast<uint32_t>(i), 0, slug(label), label});
      }
    }
    if (nl == std::string_view::npos)
      break;
    i = nl + 1;
  }
}

} // namespace

std::optional<SourceFormat> sourceFormatOf(std::string_view name) {
  if (endsWithCI(name, ".txt") || endsWithCI(name, ".text"))
    return SourceFormat::Text;
  if (endsWithCI(name, ".md") || endsWithCI(name, ".markdown"))
    return SourceFormat::Markdown;
  if (endsWithCI(name, ".html") || endsWithCI(name, ".htm") || endsWithCI(name, ".xhtml"))
    return SourceFormat::Html;
  if (endsWithCI(name, ".pdf"))
    return SourceFormat::Pdf;
  return std::nullopt;
}

const char* sourceFormatName(SourceFormat f) {
  switch (f) {
  case SourceFormat::Text:
    return "text";
  case SourceFormat::Markdown:
    return "markdown";
  case SourceFormat::Html:
    return "html";
  case SourceFormat::Pdf:
    return "pdf";
  }
  return "text";
}

std::string unfoldLigatures(std::string_view s) {
  // U+FB00 ff, FB01 fi, FB02 fl, FB03 ffi, FB04 ffl, FB05 ſt, FB06 st: EF AC 80–86
  static const char* const letters[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xEF && i + 2 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0xAC) {
      unsigned c = static_cast<unsigned char>(s[i + 2]);
      if (c >= 0x80 && c <= 0x86) {
        out += letters[c - 0x80];
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

void assemblePages(std::vector<std::vector<PageLine>> pages, const std::vector<std::string>& labels,
                   SourceText& out) {
  // Running heads and footers: among the first and last two lines of each page, a line whose
  // key (digits folded) recurs there on other pages.
  constexpr size_t kEdge = 2;
  std::unordered_map<std::string, size_t> seen;
  for (const auto& lines : pages) {
    std::vector<std::string> keys;
    for (size_t i = 0; i < lines.size(); ++i)
      if (i < kEdge || i + kEdge >= lines.size())
        keys.push_back(repeatKey(lines[i].text));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const std::string& k : keys)
      ++seen[k];
  }
  // Two pages are enough, even in a long document: a chapter's running head ("Chapter 3:
  // Utilities") repeats only on that chapter's pages, and body text does not repeat at a
  // page's edge.
  const size_t need = 2;
  for (auto& lines : pages) {
    std::vector<PageLine> kept;
    for (size_t i = 0; i < lines.size(); ++i) {
      bool edge = i < kEdge || i + kEdge >= lines.size();
      if (edge && (isPageNumber(lines[i].text) ||
                   (pages.size() >= 2 && seen[repeatKey(lines[i].text)] >= need))) {
        if (i + 1 < lines.size() && kept.empty())
          lines[i + 1].paragraphBefore = false;
        continue;
      }
      kept.push_back(std::move(lines[i]));
    }
    if (!kept.empty())
      kept.front().paragraphBefore = false;
    lines = std::move(kept);
  }
  // Hyphenated line ends: "secu-" + "rity," → "security," on the first line, also across pages.
  PageLine* prev = nullptr;
  for (auto& lines : pages) {
    for (PageLine& line : lines) {
      std::string& p = prev ? prev->text : line.text;
      if (prev && !line.paragraphBefore && p.size() >= 3 && p.back() == '-' &&
          isLower(p, p.size() - 2) && isLower(line.text, 0)) {
        size_t space = line.text.find(' ');
        p.pop_back();
        p += line.text.substr(0, space);
        line.text = space == std::string::npos ? std::string() : line.text.substr(space + 1);
      }
      if (!line.text.empty())
        prev = &line;
    }
  }
  out.text.clear();
  out.anchors.clear();
  for (size_t p = 0; p < pages.size(); ++p) {
    if (!out.text.empty()) {
      // a page that ends mid-sentence runs on into the next; else a paragraph break
      char last = out.text.back();
      bool ended = last == '.' || last == '?' || last == '!' || last == ':' || last == '"';
      const bool para = !pages[p].empty() && pages[p].front().paragraphBefore;
      out.text += ended || para ? "\n\n" : "\n";
    }
    SourceAnchor a;
    a.offset = static_cast<uint32_t>(out.text.size());
    a.page = static_cast<uint32_t>(p + 1);
    a.label = p < labels.size() ? labels[p] : std::to_string(p + 1);
    out.anchors.push_back(std::move(a));
    out.text += '\f';
    bool first = true;
    for (const PageLine& line : pages[p]) {
      if (line.text.empty())
        continue;
      if (!first)
        out.text += line.paragraphBefore ? "\n\n" : "\n";
      out.text += line.text;
      first = false;
    }
  }
  if (!out.text.empty())
    out.text += '\n';
}

namespace {
/// The marker line renderText writes after a page's form feed, its newline included.
std::string pageMarker(const SourceAnchor& a) {
  return "[p. " + (a.label.empty() ? std::to_string(a.page) : a.label) + "]\n";
}
} // namespace

std::string renderText(std::string_view text, const std::vector<SourceAnchor>& anchors) {
  std::string out;
  size_t from = 0;
  for (const SourceAnchor& a : anchors) {
    if (!a.page || a.offset >= text.size() || text[a.offset] != '\f')
      continue;
    out.append(text.substr(from, a.offset + 1 - from));
    out += pageMarker(a);
    from = a.offset + 1;
  }
  if (from == 0)
    return std::string(text);
  out.append(text.substr(from));
  return out;
}

uint32_t renderedOffset(const std::vector<SourceAnchor>& anchors, uint32_t offset) {
  // Anchors are few (one a page) and a location is asked for once per request: a plain walk.
  uint32_t shift = 0;
  for (const SourceAnchor& a : anchors) {
    if (a.offset >= offset)
      break;
    if (a.page)
      shift += static_cast<uint32_t>(pageMarker(a).size());
  }
  return offset + shift;
}

uint32_t pageAt(const std::vector<SourceAnchor>& anchors, uint32_t offset) {
  uint32_t page = 0;
  for (const SourceAnchor& a : anchors) {
    if (a.offset > offset)
      break;
    if (a.page)
      page = a.page;
  }
  return page;
}

std::string titleFromFileName(std::string_view name) {
  size_t dot = name.rfind('.');
  std::string_view stem = dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot);
  std::string out;
  for (char c : stem)
    out += (c == '-' || c == '_' || c == '+') ? ' ' : c;
  out = collapse(out);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string titleLine(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && isBlank(text[i]))
    ++i;
  size_t nl = text.find('\n', i);
  std::string line = trim(text.substr(i, nl == std::string_view::npos ? text.npos : nl - i));
  if (line.empty() || line.size() > 160)
    return {};
  if (std::count(line.begin(), line.end(), ' ') >= 24)
    return {};
  char last = line.back();
  if (last == '.' || last == ',' || last == ';' || last == ':')
    return {};
  // followed by a blank line or the end
  if (nl != std::string_view::npos) {
    size_t next = text.find('\n', nl + 1);
    std::string_view after =
        text.substr(nl + 1, next == std::string_view::npos ? text.npos : next - nl - 1);
    if (!trim(after).empty())
      return {};
  }
  return line;
}

bool isJunkTitle(std::string_view title) {
  std::string t = lower(collapse(title));
  if (t.empty() || t.size() > 300)
    return true;
  static const char* const junk[] = {"untitled", "microsoft word", "microsoft powerpoint",
                                     "document", "title",          "slide 1",
                                     "pdf",      "print",          "home"};
  for (const char* j : junk)
    if (t == j || (t.rfind(j, 0) == 0 && std::string_view(j).size() > 8))
      return true;
  for (const char* ext : {".doc", ".docx", ".pdf", ".indd", ".tex", ".dvi", ".rtf", ".odt", ".qxd",
                          ".ps", ".txt", ".pages"})
    if (endsWithCI(t, ext))
      return true;
  return t.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos;
}

bool extractSourceText(const std::filesystem::path& path, std::string_view bytes, SourceText& out,
                       std::string& error) {
  out = SourceText();
  std::optional<SourceFormat> format = sourceFormatOf(path.filename().string());
  out.format = format.value_or(SourceFormat::Text);
  try {
    switch (out.format) {
    case SourceFormat::Pdf:
      return readPdf(bytes, out, error);
    case SourceFormat::Html:
      return readHtml(bytes, out, error);
    case SourceFormat::Markdown:
      readMarkdown(bytes, out);
      return true;
    case SourceFormat::Text:
      out.text = std::string(bytes);
      out.meta.title = titleLine(out.text);
      return true;
    }
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
  return true;
}

} // namespace accord
