// Markup: what is not prose in Markdown (code spans and blocks, link targets, front matter),
// LaTeX (comments, command names, non-prose arguments) and any text (URLs, e-mail addresses).
#include "grammar/markup.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstring>
#include <string>

#include "grammar/bytescan.h"
#include "grammar/utf8.h"

namespace accord {

namespace {

class RangeList {
public:
  void add(size_t b, size_t e) {
    if (e > b)
      spans_.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  }
  std::vector<Span> finish() {
    std::sort(spans_.begin(), spans_.end(),
              [](const Span& a, const Span& b) { return a.begin < b.begin; });
    std::vector<Span> out;
    for (const Span& s : spans_) {
      if (!out.empty() && s.begin <= out.back().end) {
        out.back().end = std::max(out.back().end, s.end);
      } else {
        out.push_back(s);
      }
    }
    return out;
  }

private:
  std::vector<Span> spans_;
};

bool startsWith(std::string_view t, size_t i, std::string_view prefix) {
  return t.size() >= i + prefix.size() && t.compare(i, prefix.size(), prefix) == 0;
}

bool isUrlChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && c != '<' && c != '>' && c != '"' && u != 0x7F;
}

/// The end of a URL starting at `b` (up to white space or <>"), without trailing sentence
/// punctuation and without an unbalanced closing parenthesis.
size_t urlEnd(std::string_view t, size_t b, size_t to) {
  size_t e = b;
  int parens = 0;
  while (e < to && isUrlChar(t[e])) {
    if (t[e] == '(')
      ++parens;
    if (t[e] == ')') {
      if (parens == 0)
        break;
      --parens;
    }
    ++e;
  }
  while (e > b && std::strchr(".,;:!?'*", t[e - 1]))
    --e;
  return e;
}

bool asciiWordByte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

/// The first of the bytes Cs in t[i, e), or e (bytescan::findAnyOf).
template <char... Cs> size_t findAnyOf(std::string_view t, size_t i, size_t e) {
  return bytescan::findAnyOf<Cs...>(t.data(), i, e);
}

/// Bare URLs (http://, https://, ftp://, www., mailto:) and e-mail addresses in t[from, to).
/// One pass stops at each ':', '.' and '@' and looks around it for the kind of address that
/// byte ends or holds; each kind keeps its own place, so they are found as four separate
/// searches would (four substring searches stopped at every 'w' and 'm' of the prose).
void addUrls(std::string_view t, size_t from, size_t to, RangeList& out) {
  std::string_view r = t.substr(0, to);
  size_t nextScheme = from, nextWww = from, nextMailto = from, nextAt = from;
  for (size_t c = findAnyOf<':', '.', '@'>(r, from, to); c < to;
       c = findAnyOf<':', '.', '@'>(r, c + 1, to)) {
    if (t[c] == ':') {
      if (c >= nextScheme && r.compare(c, 3, "://") == 0) {
        size_t k = c;
        nextScheme = k + 3;
        size_t b = k;
        while (b > from && std::isalpha(static_cast<unsigned char>(t[b - 1])))
          --b;
        std::string scheme(t.substr(b, k - b));
        for (char& ch : scheme)
          ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (scheme == "http" || scheme == "https" || scheme == "ftp" || scheme == "file") {
          size_t e = urlEnd(t, b, to);
          out.add(b, e);
          nextScheme = std::max(k, e > 3 ? e - 3 : e) + 3;
        }
      }
      if (c >= from + 6 && c - 6 >= nextMailto && r.compare(c - 6, 7, "mailto:") == 0) {
        out.add(c - 6, urlEnd(t, c - 6, to));
        nextMailto = c + 1;
      }
    } else if (t[c] == '.') {
      if (c >= from + 3 && c - 3 >= nextWww && r.compare(c - 3, 4, "www.") == 0) {
        size_t k = c - 3;
        nextWww = k + 4;
        if (k > 0 && (asciiWordByte(t[k - 1]) || t[k - 1] == '/' || t[k - 1] == '.'))
          continue;
        size_t e = urlEnd(t, k, to);
        out.add(k, e);
        nextWww = std::max(k, e > 4 ? e - 4 : e) + 4;
      }
    } else if (c >= nextAt) {
      // e-mail: word characters, dots, +, - on both sides, a dot in the domain
      const size_t i = c;
      nextAt = i + 1;
      size_t l = i;
      while (l > from && (asciiWordByte(t[l - 1]) || std::strchr("._+-", t[l - 1])))
        --l;
      size_t e = i + 1;
      while (e < to && (asciiWordByte(t[e]) || std::strchr(".-", t[e])))
        ++e;
      while (e > i + 1 && t[e - 1] == '.')
        --e;
      if (l < i && t.substr(i + 1, e - i - 1).find('.') != std::string_view::npos) {
        out.add(l, e);
        nextAt = e;
      }
    }
  }
}

// Markdown ------------------------------------------------------------------------------

size_t lineEndAt(std::string_view t, size_t i) {
  size_t nl = t.find('\n', i);
  return nl == std::string_view::npos ? t.size() : nl;
}

size_t indentOf(std::string_view t, size_t b, size_t e) {
  size_t col = 0;
  for (size_t i = b; i < e; ++i) {
    if (t[i] == ' ')
      ++col;
    else if (t[i] == '\t')
      col += 4 - col % 4;
    else
      break;
  }
  return col;
}

bool isListItemLine(std::string_view t, size_t b, size_t e) {
  size_t i = b;
  while (i < e && (t[i] == ' ' || t[i] == '\t'))
    ++i;
  if (i < e && std::strchr("-*+", t[i]) && i + 1 < e && (t[i + 1] == ' ' || t[i + 1] == '\t'))
    return true;
  size_t j = i;
  while (j < e && j - i < 9 && t[j] >= '0' && t[j] <= '9')
    ++j;
  return j > i && j + 1 < e && (t[j] == '.' || t[j] == ')') &&
         (t[j + 1] == ' ' || t[j + 1] == '\t');
}

/// Inline non-prose inside one Markdown block of prose lines [b, e).
void markdownInline(std::string_view t, size_t b, size_t e, RangeList& out) {
  for (size_t i = b; i < e; ++i) {
    // where inline Markdown may start (byte by byte, this was a fifth of the recogniser's
    // time on a Markdown draft)
    i = findAnyOf<'\\', '`', '<', ']', '$'>(t, i, e);
    if (i >= e)
      break;
    char c = t[i];
    if (c == '\\') {
      ++i; // an escaped character is literal text
      continue;
    }
    if (c == '`') {
      size_t run = i;
      while (run < e && t[run] == '`')
        ++run;
      size_t n = run - i;
      // find a closing run of exactly n backticks
      size_t k = run;
      bool closed = false;
      while (k < e) {
        size_t f = t.find('`', k);
        if (f == std::string_view::npos || f >= e)
          break;
        size_t r = f;
        while (r < e && t[r] == '`')
          ++r;
        if (r - f == n) {
          out.add(i, r);
          i = r - 1;
          closed = true;
          break;
        }
        k = r;
      }
      if (!closed)
        i = run - 1;
      continue;
    }
    if (c == '<') {
      if (startsWith(t, i, "<!--")) {
        size_t f = t.find("-->", i + 4);
        size_t end = f == std::string_view::npos ? e : std::min(e, f + 3);
        out.add(i, end);
        i = end - 1;
        continue;
      }
      // autolink or HTML tag: <scheme:…>, <a@b>, <tag …>, </tag>
      size_t close = t.find('>', i + 1);
      if (close != std::string_view::npos && close < e && close - i < 2000) {
        std::string_view inner = t.substr(i + 1, close - i - 1);
        bool autolink =
            inner.find(':') != std::string_view::npos && inner.find(' ') == std::string_view::npos;
        bool email =
            inner.find('@') != std::string_view::npos && inner.find(' ') == std::string_view::npos;
        bool tag = !inner.empty() &&
                   (std::isalpha(static_cast<unsigned char>(inner[0])) || inner[0] == '/') &&
                   inner.find('\n') == std::string_view::npos;
        if (autolink || email || tag) {
          out.add(i, close + 1);
          i = close;
        }
      }
      continue;
    }
    if (c == ']' && i + 1 < e && t[i + 1] == '(') {
      // link destination (and title): ](url "title")
      size_t k = i + 2;
      int depth = 1;
      while (k < e && depth > 0) {
        if (t[k] == '\\') {
          k += 2;
          continue;
        }
        if (t[k] == '(')
          ++depth;
        if (t[k] == ')')
          --depth;
        if (depth > 0)
          ++k;
      }
      if (k < e) {
        out.add(i + 2, k);
        i = k;
      }
      continue;
    }
    if (c == '$') {
      // $$…$$ and pandoc's $…$: the opener is followed by a non-space, the closer is preceded by
      // a non-space and not followed by a digit.
      if (i + 1 < e && t[i + 1] == '$') {
        size_t f = t.find("$$", i + 2);
        if (f != std::string_view::npos && f < e) {
          out.add(i, f + 2);
          i = f + 1;
        }
        continue;
      }
      if (i + 1 < e && !isAsciiSpace(t[i + 1])) {
        for (size_t k = i + 1; k < e; ++k) {
          if (t[k] == '\n' && k + 1 < e && t[k + 1] == '\n')
            break;
          if (t[k] == '\\') {
            ++k;
            continue;
          }
          if (t[k] == '$' && !isAsciiSpace(t[k - 1]) &&
              !(k + 1 < e && t[k + 1] >= '0' && t[k + 1] <= '9')) {
            out.add(i, k + 1);
            i = k;
            break;
          }
        }
      }
      continue;
    }
  }
  addUrls(t, b, e, out);
}

void markdownRanges(std::string_view t, RangeList& out) {
  size_t i = 0;
  // YAML front matter
  if (opensFrontMatter(t)) {
    size_t f = t.find("\n---", 3);
    while (f != std::string_view::npos) {
      size_t le = lineEndAt(t, f + 1);
      std::string_view line = t.substr(f + 1, le - f - 1);
      if (line == "---" || line == "---\r" || line == "..." || line == "...\r") {
        out.add(0, le);
        i = le;
        break;
      }
      f = t.find("\n---", f + 1);
    }
  }
  size_t proseStart = std::string_view::npos;
  bool prevBlank = true;
  bool prevListContext = false; // last non-blank line was a list item or belonged to one
  auto flushProse = [&](size_t end) {
    if (proseStart != std::string_view::npos)
      markdownInline(t, proseStart, end, out);
    proseStart = std::string_view::npos;
  };
  while (i < t.size()) {
    size_t le = lineEndAt(t, i);
    size_t next = le < t.size() ? le + 1 : le;
    if (blankLine(t, i, le)) {
      prevBlank = true;
      i = next;
      continue;
    }
    size_t ind = indentOf(t, i, le);
    size_t first = i;
    while (first < le && (t[first] == ' ' || t[first] == '\t'))
      ++first;
    // fenced code
    if (ind <= 3 && first + 2 < le && (t[first] == '`' || t[first] == '~') &&
        t[first + 1] == t[first] && t[first + 2] == t[first]) {
      char fc = t[first];
      size_t n = 0;
      while (first + n < le && t[first + n] == fc)
        ++n;
      flushProse(i);
      size_t k = next, end = t.size();
      while (k < t.size()) {
        size_t ke = lineEndAt(t, k);
        size_t f = k;
        while (f < ke && f - k < 4 && t[f] == ' ')
          ++f;
        size_t m = 0;
        while (f + m < ke && t[f + m] == fc)
          ++m;
        if (m >= n && blankLine(t, f + m, ke)) {
          end = ke;
          break;
        }
        k = ke < t.size() ? ke + 1 : ke;
      }
      out.add(i, end);
      i = end < t.size() ? end + 1 : end;
      prevBlank = false;
      prevListContext = false;
      continue;
    }
    // indented code: after a blank line, not inside a list
    if (ind >= 4 && prevBlank && !prevListContext) {
      flushProse(i);
      size_t k = i, end = le;
      while (k < t.size()) {
        size_t ke = lineEndAt(t, k);
        if (blankLine(t, k, ke)) {
          k = ke < t.size() ? ke + 1 : ke;
          continue;
        }
        if (indentOf(t, k, ke) < 4)
          break;
        end = ke;
        k = ke < t.size() ? ke + 1 : ke;
      }
      out.add(i, end);
      i = end < t.size() ? end + 1 : end;
      prevBlank = false;
      continue;
    }
    // reference definition: [label]: url "title"
    if (ind <= 3 && t[first] == '[') {
      size_t close = t.find("]:", first);
      if (close != std::string_view::npos && close < le) {
        flushProse(i);
        out.add(close + 2, le);
        i = next;
        prevBlank = false;
        continue;
      }
    }
    if (prevBlank)
      flushProse(i);
    if (proseStart == std::string_view::npos)
      proseStart = i;
    if (isListItemLine(t, i, le))
      prevListContext = true;
    else if (ind == 0)
      prevListContext = false;
    prevBlank = false;
    i = next;
  }
  flushProse(t.size());
}

// LaTeX ---------------------------------------------------------------------------------

bool isLatexLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@';
}

/// True when a blank line starts right after the line break at `k` (\n, \r\n or a lone \r).
bool blankLineAfter(std::string_view t, size_t k) {
  size_t next = k + (t[k] == '\r' && k + 1 < t.size() && t[k + 1] == '\n' ? 2 : 1);
  size_t le = t.find_first_of("\r\n", next);
  return le != std::string_view::npos && blankLine(t, next, le);
}

/// The end of a balanced group opened at `i` ('{' or '['), or npos. A group does not run past
/// a blank line (TeX: "Paragraph ended before … was complete"), so a brace typed paragraphs
/// away never changes how this one reads (the incremental analysis relies on it; fuzz-found).
size_t groupEnd(std::string_view t, size_t i) {
  char open = t[i], close = open == '{' ? '}' : ']';
  int depth = 0;
  for (size_t k = i; k < t.size(); ++k) {
    if (t[k] == '\\') {
      ++k;
      continue;
    }
    if ((t[k] == '\n' || t[k] == '\r') && blankLineAfter(t, k))
      return std::string_view::npos;
    if (t[k] == open)
      ++depth;
    if (t[k] == close && --depth == 0)
      return k + 1;
  }
  return std::string_view::npos;
}

size_t skipSpaces(std::string_view t, size_t i) {
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
    ++i;
  return i;
}

void latexRanges(std::string_view t, RangeList& out) {
  // Commands whose every argument is not prose (keys, labels, paths, lengths …).
  static const char* const kNonProse[] = {"cite",
                                          "citep",
                                          "citet",
                                          "citealp",
                                          "citealt",
                                          "citeauthor",
                                          "citeyear",
                                          "nocite",
                                          "parencite",
                                          "textcite",
                                          "autocite",
                                          "footcite",
                                          "fullcite",
                                          "smartcite",
                                          "supercite",
                                          "Cite",
                                          "Parencite",
                                          "Textcite",
                                          "Autocite",
                                          "ref",
                                          "eqref",
                                          "pageref",
                                          "autoref",
                                          "cref",
                                          "Cref",
                                          "nameref",
                                          "vref",
                                          "label",
                                          "url",
                                          "input",
                                          "include",
                                          "includeonly",
                                          "includegraphics",
                                          "usepackage",
                                          "RequirePackage",
                                          "documentclass",
                                          "bibliography",
                                          "bibliographystyle",
                                          "addbibresource",
                                          "printbibliography",
                                          "newcommand",
                                          "renewcommand",
                                          "providecommand",
                                          "newenvironment",
                                          "renewenvironment",
                                          "def",
                                          "let",
                                          "setlength",
                                          "addtolength",
                                          "setcounter",
                                          "addtocounter",
                                          "hspace",
                                          "vspace",
                                          "color",
                                          "pagestyle",
                                          "thispagestyle",
                                          "fontsize",
                                          "graphicspath",
                                          "hypersetup",
                                          "geometry",
                                          "lstset",
                                          "DeclareMathOperator",
                                          "newtheorem",
                                          "pagenumbering",
                                          "numberwithin",
                                          "crefname",
                                          "Crefname",
                                          "newlength",
                                          "newcounter",
                                          "definecolor",
                                          "captionsetup",
                                          "setmainfont",
                                          "setsansfont",
                                          "setmonofont",
                                          "selectlanguage",
                                          "hyphenation",
                                          "linespread",
                                          "verb"};
  static const char* const kVerbatimEnvs[] = {"verbatim", "verbatim*",   "lstlisting",
                                              "minted",   "comment",     "Verbatim",
                                              "alltt",    "filecontents"};
  static const char* const kMathEnvs[] = {
      "equation", "equation*",   "align",       "align*",   "gather",   "gather*",
      "multline", "multline*",   "flalign",     "flalign*", "eqnarray", "eqnarray*",
      "math",     "displaymath", "tikzpicture", "alignat",  "alignat*"};
  auto inList = [](std::string_view name, const char* const* list, size_t n) {
    for (size_t k = 0; k < n; ++k)
      if (name == list[k])
        return true;
    return false;
  };
  size_t i = 0;
  while (i < t.size()) {
    char c = t[i];
    if (c == '%') {
      size_t le = lineEndAt(t, i);
      out.add(i, le);
      i = le;
      continue;
    }
    if (c == '$') {
      bool dbl = i + 1 < t.size() && t[i + 1] == '$';
      size_t from = i + (dbl ? 2 : 1);
      size_t k = from;
      size_t end = std::string_view::npos;
      while (k < t.size()) {
        if (t[k] == '\\') {
          k += 2;
          continue;
        }
        if (t[k] == '$') {
          end =
              dbl ? (k + 1 < t.size() && t[k + 1] == '$' ? k + 2 : std::string_view::npos) : k + 1;
          break;
        }
        // Math never spans a paragraph (TeX ends it at a blank line with "Missing $"): a stray
        // '$' must not turn the rest of the draft into math, and a '$' typed at the end must
        // not change how text paragraphs away reads (the incremental analysis relies on it;
        // found by fuzz_edits).
        if ((t[k] == '\n' || t[k] == '\r') && blankLineAfter(t, k))
          break;
        ++k;
      }
      if (end == std::string_view::npos) {
        ++i;
        continue;
      }
      out.add(i, end);
      i = end;
      continue;
    }
    if (c != '\\') {
      ++i;
      continue;
    }
    if (i + 1 >= t.size()) {
      out.add(i, i + 1);
      break;
    }
    if (!isLatexLetter(t[i + 1])) {
      char n = t[i + 1];
      if (n == '(' || n == '[') {
        const char* closer = n == '(' ? "\\)" : "\\]";
        size_t f = t.find(closer, i + 2);
        size_t end = f == std::string_view::npos ? t.size() : f + 2;
        out.add(i, end);
        i = end;
        continue;
      }
      out.add(i, i + 2); // \%, \$, \\, \, …
      i += 2;
      continue;
    }
    size_t e = i + 1;
    while (e < t.size() && isLatexLetter(t[e]))
      ++e;
    std::string_view name = t.substr(i + 1, e - i - 1);
    if (e < t.size() && t[e] == '*')
      ++e;
    out.add(i, e);
    if (name == "verb" && e < t.size()) {
      char delim = t[e];
      // \verb ends on its line (TeX: "\verb ended by end of line").
      size_t le = std::min(lineEndAt(t, e), t.find('\r', e));
      size_t f = t.find(delim, e + 1);
      size_t end = f == std::string_view::npos || f >= le ? le : f + 1;
      if (end > e)
        out.add(e, end);
      i = end;
      continue;
    }
    if (name == "begin" || name == "end") {
      size_t k = skipSpaces(t, e);
      if (k < t.size() && t[k] == '{') {
        size_t ge = groupEnd(t, k);
        if (ge == std::string_view::npos) {
          i = e;
          continue;
        }
        std::string_view env = t.substr(k + 1, ge - k - 2);
        out.add(k, ge);
        // options of the environment ([..]) and, for tabular-like ones, the column spec
        size_t a = ge;
        while (name == "begin" && a < t.size() &&
               (t[a] == '[' || (t[a] == '{' && (env == "tabular" || env == "tabularx" ||
                                                env == "longtable" || env == "array")))) {
          size_t ae = groupEnd(t, a);
          if (ae == std::string_view::npos)
            break;
          out.add(a, ae);
          a = ae;
        }
        if (name == "begin" && (inList(env, kVerbatimEnvs, std::size(kVerbatimEnvs)) ||
                                inList(env, kMathEnvs, std::size(kMathEnvs)))) {
          std::string endTag = "\\end{" + std::string(env) + "}";
          size_t f = t.find(endTag, a);
          size_t end = f == std::string_view::npos ? t.size() : f + endTag.size();
          out.add(a, end);
          i = end;
          continue;
        }
        i = a;
        continue;
      }
      i = e;
      continue;
    }
    if (inList(name, kNonProse, std::size(kNonProse))) {
      size_t a = e;
      for (int groups = 0; groups < 4; ++groups) {
        size_t k = skipSpaces(t, a);
        if (k >= t.size())
          break;
        if (t[k] == '[' || t[k] == '{') {
          size_t ge = groupEnd(t, k);
          if (ge == std::string_view::npos)
            break;
          out.add(k, ge);
          a = ge;
          if (t[k] == '{' && name != "newcommand" && name != "renewcommand" &&
              name != "providecommand" && name != "newenvironment" && name != "renewenvironment" &&
              name != "setlength" && name != "addtolength" && name != "setcounter" &&
              name != "addtocounter" && name != "definecolor" && name != "DeclareMathOperator" &&
              name != "newtheorem" && name != "crefname" && name != "Crefname" &&
              name != "numberwithin")
            break;
        } else if (t[k] == '\\' && (name == "def" || name == "let" || name == "newcommand" ||
                                    name == "renewcommand")) {
          size_t ce = k + 1;
          while (ce < t.size() && isLatexLetter(t[ce]))
            ++ce;
          out.add(k, ce);
          a = ce;
        } else {
          break;
        }
      }
      i = a;
      continue;
    }
    if (name == "href" || name == "hyperref" || name == "textcolor") {
      // the first argument is a target or a color; the second is prose
      size_t k = skipSpaces(t, e);
      if (k < t.size() && (t[k] == '{' || t[k] == '[')) {
        size_t ge = groupEnd(t, k);
        if (ge != std::string_view::npos) {
          out.add(k, ge);
          i = ge;
          continue;
        }
      }
    }
    i = e;
  }
  addUrls(t, 0, t.size(), out);
}

} // namespace

bool opensFrontMatter(std::string_view text) {
  return text.substr(0, 4) == "---\n" || text.substr(0, 5) == "---\r\n";
}

std::vector<Span> nonProseRanges(std::string_view text, Language language) {
  RangeList out;
  switch (language) {
  case Language::Markdown:
    markdownRanges(text, out);
    break;
  case Language::Latex:
    latexRanges(text, out);
    break;
  case Language::PlainText:
    addUrls(text, 0, text.size(), out);
    break;
  }
  return out.finish();
}

} // namespace accord
