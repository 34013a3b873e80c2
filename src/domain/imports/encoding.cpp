#include "domain/imports/encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace bc::imports {

std::optional<EncodingMode> parse_encoding_mode(std::string_view s) {
  if (s == "auto") return EncodingMode::auto_detect;
  if (s == "utf-8" || s == "utf8" || s == "UTF-8") return EncodingMode::utf8;
  if (s == "gbk" || s == "GBK" || s == "gb18030" || s == "GB18030") return EncodingMode::gbk;
  return std::nullopt;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c & 0x80) return false;
  return true;
}

std::size_t valid_utf8_prefix(std::string_view s, bool allow_truncated_tail) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII fast path, eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= n) return allow_truncated_tail ? n : i;
      const unsigned char b = p[i + k];
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return i;
    }
    i += len;
  }
  return n;
}

namespace {
struct Iconv {
  iconv_t cd;
  Iconv(const char* to, const char* from) : cd(iconv_open(to, from)) {
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error(std::string("iconv cannot convert ") + from);
  }
  ~Iconv() { iconv_close(cd); }
  // 0: all converted; EILSEQ: invalid; EINVAL: incomplete at the end. consumed = input bytes used.
  int run(std::string_view in, std::string& out, std::size_t& consumed) {
    char* ip = const_cast<char*>(in.data());
    std::size_t il = in.size();
    int err = 0;
    while (il > 0) {
      char buf[16384];
      char* op = buf;
      std::size_t ol = sizeof buf;
      const std::size_t r = iconv(cd, &ip, &il, &op, &ol);
      out.append(buf, static_cast<std::size_t>(op - buf));
      if (r == static_cast<std::size_t>(-1)) {
        if (errno == E2BIG) continue;
        err = errno;
        break;
      }
    }
    consumed = in.size() - il;
    return err;
  }
};

std::optional<std::string> convert_all(const char* to, const char* from, std::string_view s) {
  Iconv cv(to, from);
  std::string out;
  std::size_t used = 0;
  if (cv.run(s, out, used) != 0) return std::nullopt;
  return out;
}
}  // namespace

bool decodes_as_gb18030(std::string_view s, bool allow_truncated_tail) {
  Iconv cv("UTF-8", "GB18030");
  std::string out;
  std::size_t used = 0;
  const int err = cv.run(s, out, used);
  return err == 0 || (err == EINVAL && allow_truncated_tail);
}

std::optional<std::string> gb18030_to_utf8(std::string_view s) { return convert_all("UTF-8", "GB18030", s); }
std::optional<std::string> utf8_to_gb18030(std::string_view s) { return convert_all("GB18030", "UTF-8", s); }

Gb18030Decoder::Gb18030Decoder() : cd_(new Iconv("UTF-8", "GB18030")) {}
Gb18030Decoder::~Gb18030Decoder() { delete static_cast<Iconv*>(cd_); }

void Gb18030Decoder::convert(std::string_view in, std::string& out, bool last) {
  auto* cv = static_cast<Iconv*>(cd_);
  std::string joined;
  if (!tail_.empty()) {
    joined = tail_;
    joined.append(in);
    in = joined;
    tail_.clear();
  }
  while (!in.empty()) {
    std::size_t used = 0;
    const int err = cv->run(in, out, used);
    in.remove_prefix(used);
    if (err == 0) break;
    if (err == EINVAL && !last) {
      tail_.assign(in);
      break;
    }
    // Invalid (or incomplete at the very end): mark it and go on after the byte.
    out.push_back('\xFF');
    in.remove_prefix(1);
    iconv(cv->cd, nullptr, nullptr, nullptr, nullptr);
  }
}

}  // namespace bc::imports
