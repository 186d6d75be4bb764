// SPDX-License-Identifier: Apache-2.0
#include "inspect/python_scan.hpp"

#include <cctype>
#include <cstring>

namespace kb::inspect {

namespace {

struct Token {
  enum class Kind { name, string, fstring, number, op, newline } kind;
  std::string text;
  int line = 0;
  bool stmt_start = false;  // first token of a logical line
  int col = 0;              // indentation of the logical line
};

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }

class Lexer {
 public:
  explicit Lexer(std::string_view s) : m_s(s) {}

  std::vector<Token> run() {
    while (m_i < m_s.size()) step();
    emit(Token::Kind::newline, "");
    return std::move(m_out);
  }

 private:
  void step() {
    char c = m_s[m_i];
    if (m_at_line_start && m_depth == 0) return indent();
    if (c == '#') { while (m_i < m_s.size() && m_s[m_i] != '\n') ++m_i; return; }
    if (c == '\\' && m_i + 1 < m_s.size() && m_s[m_i + 1] == '\n') { m_i += 2; ++m_line; return; }
    if (c == '\n') {
      ++m_i;
      if (m_depth == 0 && !m_out.empty() && m_out.back().kind != Token::Kind::newline) emit(Token::Kind::newline, "");
      ++m_line;
      m_at_line_start = m_depth == 0;
      return;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f') { ++m_i; return; }
    if (string_start()) return;
    if (is_ident(c)) {
      size_t b = m_i;
      while (m_i < m_s.size() && is_ident(m_s[m_i])) ++m_i;
      bool digit = std::isdigit(static_cast<unsigned char>(m_s[b]));
      return emit(digit ? Token::Kind::number : Token::Kind::name, std::string(m_s.substr(b, m_i - b)));
    }
    if (c == '(' || c == '[' || c == '{') ++m_depth;
    if ((c == ')' || c == ']' || c == '}') && m_depth > 0) --m_depth;
    std::string two(m_s.substr(m_i, 2));
    if (two == "==" || two == "!=" || two == "<=" || two == ">=" || two == ":=" || two == "->") {
      m_i += 2;
      return emit(Token::Kind::op, two);
    }
    ++m_i;
    emit(Token::Kind::op, std::string(1, c));
  }

  void indent() {
    int col = 0;
    while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\t')) { ++col; ++m_i; }
    m_at_line_start = false;
    m_col = col;
    m_new_stmt = true;
  }

  // Strings with optional r/b/u/f prefixes, single or triple quoted.
  bool string_start() {
    size_t p = m_i;
    bool f = false;
    while (p < m_s.size() && p - m_i < 2 && std::strchr("rRbBuUfF", m_s[p])) f |= (m_s[p++] | 0x20) == 'f';
    if (p >= m_s.size() || (m_s[p] != '"' && m_s[p] != '\'')) return false;
    if (p > m_i && !(m_i == 0 || !is_ident(m_s[m_i - 1]))) return false;
    char q = m_s[p];
    bool triple = m_s.substr(p, 3) == std::string(3, q);
    size_t b = p + (triple ? 3 : 1), e = b;
    int line = m_line;
    for (; e < m_s.size(); ++e) {
      if (m_s[e] == '\\') { ++e; if (e < m_s.size() && m_s[e] == '\n') ++m_line; continue; }
      if (m_s[e] == '\n') { if (!triple) break; ++m_line; }
      if (m_s[e] == q && (!triple || m_s.substr(e, 3) == std::string(3, q))) break;
    }
    std::string value(m_s.substr(b, e - b));
    m_i = std::min(m_s.size(), e + (triple ? 3 : 1));
    emit(f ? Token::Kind::fstring : Token::Kind::string, value);
    m_out.back().line = line;
    return true;
  }

  void emit(Token::Kind k, std::string text) {
    m_out.push_back({k, std::move(text), m_line, m_new_stmt && k != Token::Kind::newline, m_col});
    if (k != Token::Kind::newline) m_new_stmt = false;
    else m_new_stmt = true;
  }

  std::string_view m_s;
  size_t m_i = 0;
  int m_line = 1, m_depth = 0, m_col = 0;
  bool m_at_line_start = true, m_new_stmt = true;
  std::vector<Token> m_out;
};

bool is_op(const Token& t, const char* op) { return t.kind == Token::Kind::op && t.text == op; }
bool is_name(const Token& t, const char* n) { return t.kind == Token::Kind::name && t.text == n; }

class Parser {
 public:
  Parser(const std::vector<Token>& t, PyScan& out) : m_t(t), m_out(out) {}

  void run() {
    for (size_t i = 0; i < m_t.size(); ++i) {
      const Token& t = m_t[i];
      if (t.kind == Token::Kind::string || t.kind == Token::Kind::fstring)
        m_out.strings.push_back({t.line, t.text, t.kind == Token::Kind::fstring});
      if (t.kind != Token::Kind::name) continue;
      if (t.stmt_start && t.text == "import") { plain_import(i); continue; }
      if (t.stmt_start && t.text == "from") { from_import(i); continue; }
      if (i > 0 && is_op(m_t[i - 1], ".")) continue;  // inside a dotted chain already seen
      name_chain(i);
    }
  }

 private:
  // Reads name(.name)* from i; returns the parts and sets `end` past the chain.
  std::vector<std::string> dotted(size_t i, size_t& end) const {
    std::vector<std::string> parts{m_t[i].text};
    end = i + 1;
    while (end + 1 < m_t.size() && is_op(m_t[end], ".") && m_t[end + 1].kind == Token::Kind::name) {
      parts.push_back(m_t[end + 1].text);
      end += 2;
    }
    return parts;
  }

  static std::string join(const std::vector<std::string>& parts) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : ".") + p;
    return s;
  }

  void plain_import(size_t i) {
    size_t j = i + 1;
    while (j < m_t.size() && m_t[j].kind == Token::Kind::name) {
      size_t end;
      m_out.imports.push_back({m_t[i].line, m_t[i].col == 0, 0, join(dotted(j, end)), {}});
      j = end;
      if (j < m_t.size() && is_name(m_t[j], "as")) j += 2;
      if (j < m_t.size() && is_op(m_t[j], ",")) ++j;
      else break;
    }
  }

  void from_import(size_t i) {
    PyImport imp{m_t[i].line, m_t[i].col == 0, 0, "", {}};
    size_t j = i + 1;
    for (; j < m_t.size() && is_op(m_t[j], "."); ++j) ++imp.level;
    if (j < m_t.size() && m_t[j].kind == Token::Kind::name && m_t[j].text != "import") imp.module = join(dotted(j, j));
    if (j >= m_t.size() || !is_name(m_t[j], "import")) return;
    for (++j; j < m_t.size() && m_t[j].kind != Token::Kind::newline; ++j) {
      if (m_t[j].kind != Token::Kind::name) continue;
      if (is_name(m_t[j], "as")) { ++j; continue; }
      imp.names.push_back(m_t[j].text);
    }
    m_out.imports.push_back(imp);
  }

  void name_chain(size_t i) {
    size_t end;
    std::vector<std::string> parts = dotted(i, end);
    if (parts.size() >= 3 && parts[0] == "torch" && parts[1] == "ops") m_out.torch_ops_attrs.push_back(parts[2]);
    if (parts.size() == 1 && end + 1 < m_t.size() && is_op(m_t[end], "=") &&
        m_t[end + 1].kind == Token::Kind::string)
      m_out.str_assignments[parts[0]] = m_t[end + 1].text;
    if (end < m_t.size() && is_op(m_t[end], "(")) call(i, parts, end);
  }

  // Classifies the tokens [b, e) of one argument.
  PyArg arg(size_t b, size_t e) const {
    PyArg a;
    if (b >= e) return a;
    const Token& t = m_t[b];
    if (t.kind == Token::Kind::string || t.kind == Token::Kind::fstring) {
      a.kind = t.kind == Token::Kind::string ? PyArg::Kind::string : PyArg::Kind::fstring;
      for (size_t k = b; k < e && (m_t[k].kind == Token::Kind::string || m_t[k].kind == Token::Kind::fstring); ++k) {
        a.text += m_t[k].text;  // implicit concatenation
        if (m_t[k].kind == Token::Kind::fstring) a.kind = PyArg::Kind::fstring;
      }
      return a;
    }
    a.kind = PyArg::Kind::other;
    if (t.kind == Token::Kind::name) {
      size_t end;
      std::vector<std::string> parts = dotted(b, end);
      if (end < e && is_op(m_t[end], "(")) return {PyArg::Kind::call, parts.back()};
      a.text = join(parts);
    }
    return a;
  }

  void call(size_t i, const std::vector<std::string>& parts, size_t open) {
    PyCall c;
    c.line = m_t[i].line;
    c.callee = parts.back();
    c.qualified = join(parts);
    c.decorator = i > 0 && is_op(m_t[i - 1], "@");
    int depth = 0;
    size_t start = open + 1;
    bool first_done = false;
    for (size_t k = open; k < m_t.size(); ++k) {
      const Token& t = m_t[k];
      if (t.kind == Token::Kind::op && (t.text == "(" || t.text == "[" || t.text == "{")) ++depth;
      bool close = t.kind == Token::Kind::op && (t.text == ")" || t.text == "]" || t.text == "}");
      if (close) --depth;
      if ((depth == 1 && is_op(t, ",")) || (close && depth == 0)) {
        bool kw = k > start + 1 && m_t[start].kind == Token::Kind::name && is_op(m_t[start + 1], "=");
        if (kw && m_t[start].text == "name") c.name_kwarg = arg(start + 2, k);
        if (!kw && !first_done && k > start) { c.first = arg(start, k); first_done = true; }
        start = k + 1;
      }
      if (close && depth == 0) break;
    }
    m_out.calls.push_back(c);
  }

  const std::vector<Token>& m_t;
  PyScan& m_out;
};

}  // namespace

PyScan scan_python(std::string_view source) {
  PyScan out;
  std::vector<Token> tokens = Lexer(source).run();
  Parser(tokens, out).run();
  return out;
}

}  // namespace kb::inspect
