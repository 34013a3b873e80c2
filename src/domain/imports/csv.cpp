#include "domain/imports/csv.hpp"

#include <istream>
#include <ostream>

namespace bc::imports {

CsvReader::CsvReader(std::istream& in, EncodingMode mode, std::size_t chunk_bytes)
    : in_(in), mode_(mode), chunk_(chunk_bytes < 16 ? 16 : chunk_bytes) {
  if (mode_ == EncodingMode::utf8) decided_ = Decided::utf8;
  if (mode_ == EncodingMode::gbk) {
    decided_ = Decided::gbk;
    gbk_ = std::make_unique<Gb18030Decoder>();
  }
}
CsvReader::~CsvReader() = default;

std::string CsvReader::encoding() const {
  switch (decided_) {
    case Decided::utf8: return "utf-8";
    case Decided::gbk: return "gbk";
    default: return "ascii";
  }
}

// In auto mode the encoding is decided at the first byte above 0x7F, from the rest of the chunk:
// GBK when that text is not UTF-8 but decodes as GB18030, UTF-8 otherwise (bad bytes then reject
// only the records holding them).
void CsvReader::decide(std::string_view raw, std::size_t first_high) {
  const std::string_view rest = raw.substr(first_high);
  const bool last = eof_;
  if (valid_utf8_prefix(rest, !last) == rest.size()) {
    decided_ = Decided::utf8;
  } else if (decodes_as_gb18030(rest, !last)) {
    decided_ = Decided::gbk;
    gbk_ = std::make_unique<Gb18030Decoder>();
  } else {
    decided_ = Decided::utf8;
  }
}

bool CsvReader::fill() {
  if (eof_) return false;
  raw_.resize(chunk_);
  in_.read(raw_.data(), static_cast<std::streamsize>(chunk_));
  raw_.resize(static_cast<std::size_t>(in_.gcount()));
  bytes_read_ += raw_.size();
  if (raw_.size() < chunk_) eof_ = true;
  std::string_view raw = raw_;
  if (first_chunk_) {
    first_chunk_ = false;
    if (raw.substr(0, 3) == "\xEF\xBB\xBF") {
      raw.remove_prefix(3);
      if (mode_ == EncodingMode::auto_detect) decided_ = Decided::utf8;
    }
  }
  if (decided_ == Decided::undecided) {
    std::size_t i = 0;
    while (i < raw.size() && !(static_cast<unsigned char>(raw[i]) & 0x80)) ++i;
    if (i < raw.size()) decide(raw, i);
  }
  if (decided_ == Decided::gbk)
    gbk_->convert(raw, buf_, eof_);
  else
    buf_.append(raw);
  return !raw.empty() || !buf_.empty();
}

bool CsvReader::next(CsvRecord& rec) {
  if (refused()) return false;
  for (;;) {
    bool need_more = false;
    if (pos_ < buf_.size() || eof_) {
      if (parse(rec, eof_, need_more)) {
        if (rec.size == 1 && rec.fields[0].empty()) continue;  // blank line
        if (decided_ != Decided::gbk) {
          for (std::size_t i = 0; i < rec.size && !rec.bad_text; ++i)
            if (!is_ascii(rec.fields[i]) && !is_valid_utf8(rec.fields[i])) rec.bad_text = true;
          if (rec.bad_text && mode_ == EncodingMode::utf8) {
            std::string all;
            for (std::size_t i = 0; i < rec.size; ++i) all += rec.fields[i];
            if (decodes_as_gb18030(all)) {
              refusal_ = "line " + std::to_string(rec.line) +
                         ": not valid UTF-8 (looks like GBK; pass --encoding gbk or auto)";
              return false;
            }
          }
        } else {
          for (std::size_t i = 0; i < rec.size && !rec.bad_text; ++i)
            if (rec.fields[i].find('\xFF') != std::string::npos) rec.bad_text = true;
        }
        return true;
      }
      if (refused()) return false;
      if (!need_more) return false;  // end of input
    }
    // Keep the unparsed tail, then read more.
    if (pos_ > 0) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    if (!fill() && buf_.empty()) return false;
  }
}

// Parses one record starting at pos_. Returns false with need_more set when the buffer ends
// inside the record and more input may come.
bool CsvReader::parse(CsvRecord& rec, bool at_end, bool& need_more) {
  const char* b = buf_.data();
  const std::size_t n = buf_.size();
  std::size_t i = pos_;
  if (i >= n) {
    need_more = !at_end;
    return false;
  }
  std::size_t nf = 0;
  std::int64_t lines = 0;
  auto field = [&]() -> std::string& {
    if (nf == rec.fields.size()) rec.fields.emplace_back();
    std::string& f = rec.fields[nf++];
    f.clear();
    return f;
  };
  for (;;) {
    std::string& f = field();
    if (i < n && b[i] == '"') {
      ++i;
      for (;;) {
        std::size_t j = i;
        while (j < n && b[j] != '"') {
          if (b[j] == '\n') ++lines;
          ++j;
        }
        f.append(b + i, j - i);
        if (j >= n) {
          if (at_end) {
            refusal_ = "line " + std::to_string(line_) + ": a quoted field is not closed before the end of the file";
            return false;
          }
          if (n - pos_ > (64u << 20)) {
            refusal_ = "line " + std::to_string(line_) + ": a quoted field is not closed (record over 64 MB)";
            return false;
          }
          need_more = true;
          return false;
        }
        if (j + 1 < n && b[j + 1] == '"') {  // escaped quote
          f.push_back('"');
          i = j + 2;
          continue;
        }
        if (j + 1 >= n && !at_end) {
          need_more = true;
          return false;
        }
        i = j + 1;
        break;
      }
      // After the closing quote: anything up to the separator is kept as written (lenient).
      std::size_t j = i;
      while (j < n && b[j] != ',' && b[j] != '\n' && b[j] != '\r') ++j;
      f.append(b + i, j - i);
      i = j;
    } else {
      std::size_t j = i;
      while (j < n && b[j] != ',' && b[j] != '\n' && b[j] != '\r') ++j;
      f.append(b + i, j - i);
      i = j;
    }
    if (i >= n) {
      if (!at_end) {
        need_more = true;
        return false;
      }
      break;
    }
    if (b[i] == ',') {
      ++i;
      if (i >= n && !at_end) {
        need_more = true;
        return false;
      }
      if (i >= n) {  // trailing comma at the very end: one more empty field
        field();
        break;
      }
      continue;
    }
    // CR, LF or CRLF ends the record.
    if (b[i] == '\r') {
      if (i + 1 >= n && !at_end) {
        need_more = true;
        return false;
      }
      ++i;
      if (i < n && b[i] == '\n') ++i;
    } else {
      ++i;
    }
    ++lines;
    break;
  }
  rec.size = nf;
  rec.line = line_;
  rec.bad_text = false;
  line_ += lines;
  pos_ = i;
  return true;
}

void append_csv_field(std::string& out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(v);
    return;
  }
  out.push_back('"');
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

CsvWriter::CsvWriter(std::ostream& out, bool bom) : out_(out) {
  if (bom) buf_ = "\xEF\xBB\xBF";
}
CsvWriter::~CsvWriter() { flush(); }

void CsvWriter::row(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) buf_.push_back(',');
    append_csv_field(buf_, fields[i]);
  }
  buf_.append("\r\n");
  if (buf_.size() > (1 << 16)) flush();
}

void CsvWriter::flush() {
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
}

}  // namespace bc::imports
