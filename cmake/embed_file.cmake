# Writes OUT: a C++ file defining bc::embedded_openapi() as the text of IN.
file(READ ${IN} CONTENT)
string(LENGTH "${CONTENT}" LEN)
set(CHUNKS "")
set(POS 0)
# Raw string literals have a length limit in some compilers: split into 16 KiB pieces.
while(POS LESS LEN)
  string(SUBSTRING "${CONTENT}" ${POS} 16000 PIECE)
  string(APPEND CHUNKS "  R\"bcembed(${PIECE})bcembed\"\n")
  math(EXPR POS "${POS} + 16000")
endwhile()
file(WRITE ${OUT} "#include <string_view>\nnamespace bc {\nstd::string_view embedded_openapi() {\n  static const char k[] =\n${CHUNKS}  ;\n  return {k, sizeof k - 1};\n}\n}  // namespace bc\n")
