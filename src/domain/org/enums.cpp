#include "domain/org/enums.hpp"
