// Byte scanning eight bytes at a time (SWAR) and sixteen with SSE2: the one home of these tricks.
//
// Each test returns a mask with the high bit (0x80) set in the bytes of a little-endian word
// that pass it. "First-exact" tests may also flag bytes above the lowest flagged one (a
// borrow propagates upwards); they answer "is there one" and "where is the first", not "how
// many". Callers that read a word with load8 and use byte positions check
// std::endian::native == std::endian::little themselves.
#pragma once
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace accord::bytescan {

inline constexpr uint64_t kOnes = 0x0101010101010101ull;  ///< 0x01 in every byte
inline constexpr uint64_t kHighs = 0x8080808080808080ull; ///< 0x80 in every byte
inline constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;  ///< 0x7F in every byte

/// The eight bytes at `p` as one word (no alignment needed).
inline uint64_t load8(const void* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

/// The bytes of `w` that are zero; first-exact.
constexpr uint64_t zeroBytes(uint64_t w) {
  return (w - kOnes) & ~w & kHighs;
}
/// The bytes of `w` equal to `c`; first-exact.
constexpr uint64_t bytesEqual(uint64_t w, unsigned char c) {
  return zeroBytes(w ^ (kOnes * c));
}
/// The bytes of `w` below `n` (n <= 0x80); first-exact.
constexpr uint64_t bytesBelow(uint64_t w, unsigned char n) {
  return (w - kOnes * n) & ~w & kHighs;
}
/// The bytes of `w` at or above 0x80; exact.
constexpr uint64_t highBytes(uint64_t w) {
  return w & kHighs;
}
/// The bytes of `w` that are not zero; exact in every byte (no carry leaves a byte).
constexpr uint64_t nonZeroBytesExact(uint64_t w) {
  return (((w & kLow7) + kLow7) | w) & kHighs;
}
/// The bytes of `w` that are zero; exact in every byte (for counting).
constexpr uint64_t zeroBytesExact(uint64_t w) {
  return ~nonZeroBytesExact(w) & kHighs;
}

/// Whether the eight bytes at `p` are all ASCII.
inline bool ascii8(const char* p) {
  return highBytes(load8(p)) == 0;
}

/// The index (0-7) of the lowest flagged byte of a non-zero mask.
constexpr unsigned firstFlagged(uint64_t mask) {
  return static_cast<unsigned>(std::countr_zero(mask)) >> 3;
}
/// The index (0-7) of the highest flagged byte of a non-zero exact mask.
constexpr unsigned lastFlagged(uint64_t mask) {
  return static_cast<unsigned>(63 - std::countl_zero(mask)) >> 3;
}
/// How many bytes an exact mask flags: a sum of 0/1 bytes by one multiply (no popcnt on
/// baseline x86-64, where __builtin_popcountll is a libgcc call).
constexpr unsigned countFlagged(uint64_t exactMask) {
  return static_cast<unsigned>(((exactMask >> 7) * kOnes) >> 56);
}

/// The first of the bytes Cs in p[i, e), or e; 16 bytes at a time with SSE2 (for bytes that are
/// rare in prose: markup characters, the ends of addresses).
template <char... Cs> size_t findAnyOf(const char* p, size_t i, size_t e) {
#if defined(__SSE2__)
  for (; i + 16 <= e; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i any = _mm_setzero_si128();
    ((any = _mm_or_si128(any, _mm_cmpeq_epi8(v, _mm_set1_epi8(Cs)))), ...);
    if (const int bits = _mm_movemask_epi8(any))
      return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
  }
#endif
  for (; i < e; ++i)
    if (((p[i] == Cs) || ...))
      return i;
  return e;
}

} // namespace accord::bytescan
