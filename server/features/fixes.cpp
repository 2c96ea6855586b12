// Quick fixes: spell out at first use, replace an expansion, use the long form, drop a repeated
// definition, correct a year — each as edits checked against the text they apply to.
#include "server/features/fixes.h"

#include <algorithm>
#include <cctype>

#include "grammar/cjk.h"
#include "grammar/text.h"

namespace accord::features {

namespace {

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  return std::string(s);
}

/// What opens the short form after `longForm`: " (" in English; "(" after Korean or Japanese,
/// which set it right after the name ("한일 군사정보보호협정(GSOMIA)").
std::string openParen(std::string_view longForm) {
  if (longForm.empty())
    return " (";
  size_t start = 0;
  return isCjkCodePoint(codePointBefore(longForm, longForm.size(), start)) ? "(" : " (";
}

std::string quote(std::string_view s) {
  return "\u201C" + std::string(s) + "\u201D";
}

bool inside(Span s, std::string_view text) {
  return s.begin <= s.end && s.end <= text.size();
}

std::string_view slice(std::string_view text, Span s) {
  return text.substr(s.begin, s.size());
}

/// Upper-cases an ASCII first letter when the replacement opens a sentence.
std::string sentenceCase(std::string_view text, uint32_t offset, std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z' && startsSentence(text, offset))
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

/// The part of a short-form use without a possessive ending ("GSOMIA's" -> "GSOMIA").
std::string_view withoutPossessive(std::string_view use) {
  for (std::string_view mark : {std::string_view("'s"), std::string_view("\u2019s")})
    if (use.size() > mark.size() && use.ends_with(mark))
      return use.substr(0, use.size() - mark.size());
  return use;
}

bool isYear(std::string_view s) {
  return s.size() == 4 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

bool startsSentence(std::string_view text, uint32_t offset) {
  size_t i = std::min<size_t>(offset, text.size());
  int newlines = 0;
  while (i > 0) {
    char c = text[i - 1];
    if (c == ' ' || c == '\t') {
      --i;
    } else if (c == '\n' || c == '\r') {
      if (c == '\n')
        ++newlines;
      else if (i < 2 || text[i - 2] != '\n')
        ++newlines; // a lone \r, or \r of \r\n counted at \n
      if (newlines >= 2)
        return true;
      --i;
    } else if (c == '*' || c == '_' || c == '"' || c == '(' || c == '[' || c == '`') {
      --i;
    } else if (c == '#' || c == '-' || c == '>') {
      // Markdown heading, list item or quote marker at the start of a line.
      size_t j = i - 1;
      while (j > 0 &&
             (text[j - 1] == '#' || text[j - 1] == '-' || text[j - 1] == '>' || text[j - 1] == ' '))
        --j;
      if (j == 0 || text[j - 1] == '\n' || text[j - 1] == '\r')
        return true;
      return false;
    } else if (c == '{') {
      // LaTeX \textbf{, \emph{ …: look through the command.
      size_t j = i - 1;
      while (j > 0 && ((text[j - 1] >= 'a' && text[j - 1] <= 'z') ||
                       (text[j - 1] >= 'A' && text[j - 1] <= 'Z')))
        --j;
      if (j > 0 && text[j - 1] == '\\') {
        i = j - 1;
        continue;
      }
      return false;
    } else if (static_cast<unsigned char>(c) == 0x9C && i >= 3 &&
               text.substr(i - 3, 3) == "\u201C") {
      i -= 3; // an opening curly quote
    } else {
      return c == '.' || c == '!' || c == '?';
    }
  }
  return true;
}

bool buildFix(const FixData& fix, std::string_view text, QuickFix& out) {
  out = QuickFix{};
  if (!inside(fix.target, text))
    return false;
  std::string_view target = slice(text, fix.target);
  switch (fix.kind) {
  case FixKind::SpellOut: {
    std::string_view base = withoutPossessive(target);
    if (fix.text.empty() || !base.starts_with(fix.shortForm))
      return false;
    std::string longForm = inflectLongForm(base, fix.shortForm, fix.text);
    Span baseSpan{fix.target.begin, fix.target.begin + static_cast<uint32_t>(base.size())};
    const bool parenthesised = baseSpan.begin > 0 && text[baseSpan.begin - 1] == '(' &&
                               baseSpan.end < text.size() && text[baseSpan.end] == ')';
    if (parenthesised) {
      // "North Korea (DPRK)": "(Democratic People's Republic of Korea, DPRK)", never nested
      out.edits.push_back({baseSpan, longForm + ", " + std::string(base)});
    } else {
      // "2+2 meeting" with the long form "… ministerial meeting": the word is not doubled
      std::string_view after = text.substr(baseSpan.end);
      size_t w = 0;
      while (w < after.size() && after[w] == ' ')
        ++w;
      size_t we = w;
      while (we < after.size() && std::isalpha(static_cast<unsigned char>(after[we])))
        ++we;
      std::string_view next = after.substr(w, we - w);
      if (w == 1 && !next.empty() && longForm.size() > next.size() + 1 &&
          longForm[longForm.size() - next.size() - 1] == ' ' &&
          foldCase(std::string_view(longForm).substr(longForm.size() - next.size())) ==
              foldCase(next)) {
        // the long form and the acronym now end the phrase; the repeated word goes
        out.edits.push_back({{baseSpan.begin, baseSpan.end + static_cast<uint32_t>(we)},
                             sentenceCase(text, fix.target.begin, longForm) + openParen(longForm) +
                                 std::string(base) + ")"});
      } else {
        out.edits.push_back({baseSpan, sentenceCase(text, fix.target.begin, longForm) +
                                           openParen(longForm) + std::string(base) + ")"});
      }
    }
    if (!fix.drop.empty()) {
      if (!inside(fix.drop, text) || fix.drop.begin < fix.target.end)
        return false;
      out.edits.push_back({fix.drop, fix.dropText});
      out.title = "Spell out " + fix.shortForm + " here and drop the later definition";
    } else {
      out.title = "Spell out " + fix.shortForm + ": " +
                  quote(fix.text + openParen(fix.text) + fix.shortForm + ")");
    }
    break;
  }
  case FixKind::AddShortForm:
    if (fix.shortForm.empty() || target.empty())
      return false;
    out.edits.push_back(
        {{fix.target.end, fix.target.end}, openParen(target) + fix.shortForm + ")"});
    out.title = "Add " + quote("(" + fix.shortForm + ")") + " after " + quote(target);
    break;
  case FixKind::ReplaceExpansion:
    if (fix.text.empty() || target.empty())
      return false;
    out.edits.push_back({fix.target, sentenceCase(text, fix.target.begin, fix.text)});
    out.title = "Replace with " + quote(fix.text);
    break;
  case FixKind::UseLongForm:
    if (target.empty())
      return false;
    out.edits.push_back({fix.target, sentenceCase(text, fix.target.begin, fix.text)});
    out.title = fix.text.empty() ? "Drop " + quote(trimmed(target)) + " and keep the long form"
                                 : "Use the long form " + quote(fix.text);
    break;
  case FixKind::DropDefinition:
    if (fix.text.empty() || target.find(fix.text) == std::string_view::npos)
      return false;
    out.edits.push_back({fix.target, fix.text});
    out.title = "Drop the repeated definition of " + fix.shortForm;
    break;
  case FixKind::ReplaceYear:
    if (!isYear(target) || !isYear(fix.text))
      return false;
    out.edits.push_back({fix.target, fix.text});
    out.title = "Change the year to " + fix.text;
    break;
  case FixKind::UseHouseName:
    // the name must still be the one the finding saw
    if (fix.text.empty() || target != fix.shortForm)
      return false;
    out.edits.push_back({fix.target, fix.text});
    out.title = "Use the house style's " + quote(fix.text);
    break;
  }
  return true;
}

std::vector<QuickFix> quickFixes(const Finding& finding, std::string_view text) {
  std::vector<QuickFix> out;
  for (const FixData& data : finding.fixes) {
    QuickFix fix;
    if (buildFix(data, text, fix))
      out.push_back(std::move(fix));
  }
  if (!out.empty())
    out.front().preferred = true;
  return out;
}

std::string applyEdits(std::string_view text, std::vector<TextEdit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.span.begin < b.span.begin; });
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  for (const TextEdit& e : edits) {
    size_t begin = std::clamp<size_t>(e.span.begin, at, text.size());
    size_t end = std::clamp<size_t>(e.span.end, begin, text.size());
    out.append(text.substr(at, begin - at));
    out += e.newText;
    at = end;
  }
  out.append(text.substr(at));
  return out;
}

} // namespace accord::features
