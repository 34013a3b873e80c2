// Streaming RFC 4180 CSV: a reader that pulls a std::istream in 1 MiB chunks (a 1 GB file never
// sits in memory), decodes it (UTF-8, or GB18030/GBK converted to UTF-8), and yields one record at
// a time with the line it starts on; and a writer for the same format. One object per stream;
// not safe to share between threads.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/imports/encoding.hpp"

namespace bc::imports {

struct CsvRecord {
  std::int64_t line = 0;            // physical line the record starts on (the header is line 1)
  std::vector<std::string> fields;  // decoded UTF-8, quotes removed; only the first `size` are valid
  std::size_t size = 0;
  bool bad_text = false;            // some field is not valid text in the file's encoding
  std::string_view field(std::size_t i) const { return fields[i]; }
};

class CsvReader {
 public:
  CsvReader(std::istream& in, EncodingMode mode, std::size_t chunk_bytes = 1 << 20);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Next non-blank record; false at the end of the input or when the file is refused as a whole
  // (then refused() is true and refusal() says why, naming the line).
  bool next(CsvRecord& rec);
  bool refused() const { return !refusal_.empty(); }
  const std::string& refusal() const { return refusal_; }
  // "utf-8", "gbk" (converted to UTF-8) or "ascii" while nothing else has been seen.
  std::string encoding() const;
  bool converted() const { return decided_ == Decided::gbk; }
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  enum class Decided { undecided, utf8, gbk };
  bool fill();  // appends decoded text to buf_; false at the end of the input
  void decide(std::string_view raw, std::size_t first_high);
  bool parse(CsvRecord& rec, bool at_end, bool& need_more);

  std::istream& in_;
  EncodingMode mode_;
  std::size_t chunk_;
  Decided decided_ = Decided::undecided;
  std::unique_ptr<Gb18030Decoder> gbk_;
  std::string raw_, buf_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
  bool eof_ = false, first_chunk_ = true;
  std::uint64_t bytes_read_ = 0;
  std::string refusal_;
};

// RFC 4180 quoting of one field: quoted when it holds a comma, quote, CR or LF.
void append_csv_field(std::string& out, std::string_view v);

// Writes records to a stream, UTF-8 with a BOM (so Excel reads Chinese correctly), CRLF endings.
class CsvWriter {
 public:
  explicit CsvWriter(std::ostream& out, bool bom = true);
  ~CsvWriter();
  void row(const std::vector<std::string>& fields);
  void flush();

 private:
  std::ostream& out_;
  std::string buf_;
};

}  // namespace bc::imports
