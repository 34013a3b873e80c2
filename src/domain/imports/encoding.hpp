// Text encodings of imported files: UTF-8 checks and GB18030/GBK → UTF-8 through glibc iconv(3).
// Pure functions and one converter object per file; a converter is not safe to share between threads.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace bc::imports {

enum class EncodingMode { auto_detect, utf8, gbk };
std::optional<EncodingMode> parse_encoding_mode(std::string_view s);  // auto | utf-8 | utf8 | gbk | gb18030

// Length of the longest prefix of s that is valid UTF-8. When allow_truncated_tail is set, an
// incomplete but so far valid sequence at the very end counts as valid (more bytes may follow).
std::size_t valid_utf8_prefix(std::string_view s, bool allow_truncated_tail = false);
inline bool is_valid_utf8(std::string_view s) { return valid_utf8_prefix(s) == s.size(); }
bool is_ascii(std::string_view s);

// True when s decodes as GB18030 (a superset of GBK and GB2312); an incomplete sequence at the
// end is tolerated when allow_truncated_tail is set.
bool decodes_as_gb18030(std::string_view s, bool allow_truncated_tail = false);

// Whole-string conversions (tests, small inputs). Return nothing on invalid input.
std::optional<std::string> gb18030_to_utf8(std::string_view s);
std::optional<std::string> utf8_to_gb18030(std::string_view s);

// Incremental GB18030 → UTF-8 conversion of a stream handed over in chunks. An invalid byte is
// replaced by 0xFF, which is never valid UTF-8, so the record holding it is rejected later.
class Gb18030Decoder {
 public:
  Gb18030Decoder();
  ~Gb18030Decoder();
  Gb18030Decoder(const Gb18030Decoder&) = delete;
  Gb18030Decoder& operator=(const Gb18030Decoder&) = delete;
  // Appends the UTF-8 of in (plus any tail kept from the last call) to out. At the end of the
  // input call with last = true: an incomplete trailing sequence then becomes 0xFF.
  void convert(std::string_view in, std::string& out, bool last);

 private:
  void* cd_;
  std::string tail_;
};

}  // namespace bc::imports
