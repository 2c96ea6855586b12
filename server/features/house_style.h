// The house-style check: contested names (the islets, the sea) written in another form than the
// one the writer's institution uses, with a quick fix to the house form.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "server/features/checks.h"

namespace accord::features {

/// The forms accord.houseStyle.islets accepts ("off" turns the check off for the islets).
inline constexpr std::array<std::string_view, 6> kIsletStyles = {
    "off", "Dokdo/Takeshima", "Takeshima/Dokdo", "Dokdo", "Takeshima", "Liancourt Rocks"};
/// The forms accord.houseStyle.sea accepts ("off" turns the check off for the sea).
inline constexpr std::array<std::string_view, 5> kSeaStyles = {
    "off", "East Sea", "Sea of Japan", "East Sea/Sea of Japan", "Sea of Japan/East Sea"};

/// The house form of `style` written for a line in `lang` ("en", "ko" or "ja"): "Dokdo" is
/// 독도 in Korean and 独島 in Japanese. Empty for "off" or an unknown style.
std::string houseForm(std::string_view style, std::string_view lang);

/// The language of the line around `mention` in `text`, judged on its prose: the mention and
/// the `names` (other mentions, sorted) left out, "ko" when it has Hangul, else "ja" when it
/// has kana or kanji, else "en".
std::string_view lineLanguage(std::string_view text, Span mention,
                              const std::vector<Mention>& names = {});

/// Adds a `house-style` finding (severity `severity`) for every mention of the islets
/// (lexicon id dokdo-takeshima) or the sea (east-sea) that does not name them as the house
/// style does. A name is judged by which names it gives and in what order, whatever its script:
/// with the style "Dokdo", 독도, 独島 and Dokdo pass, Takeshima, 竹島 and 다케시마 do not, nor
/// does "Dokdo/Takeshima". Names of one place written together ("Dokdo/Takeshima",
/// "竹島（独島）", "East Sea (Sea of Japan)") are judged as one. The fix replaces the names with
/// the house form in the language of the line around them (houseForm, lineLanguage).
void houseStyleFindings(const Knowledge& knowledge, const DraftAnalysis& analysis,
                        std::string_view text, const HouseStyle& style, Severity severity,
                        std::vector<Finding>& out);

} // namespace accord::features
