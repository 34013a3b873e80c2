// Log set-up: human text or one JSON object per line, on standard error.
#pragma once
#include <string>

namespace bc::app {
void setup_logging(const std::string& format, const std::string& level);
}
