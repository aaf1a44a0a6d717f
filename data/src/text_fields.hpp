#pragma once
// Helpers shared by the text-format readers (OPS .brn/.rcp, IMAER GML): quoting input in
// messages, and trimming blanks. Private to the data library.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace twin::data::detail {

// 'token', at most 40 characters: garbage input may hold control bytes, so keep messages
// printable and short.
inline std::string shown(std::string_view token) {
  std::string out;
  for (char c : token.substr(0, 40)) out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  return "'" + out + (token.size() > 40 ? "...'" : "'");
}

inline std::string_view trim(std::string_view s) {
  const auto not_space = [](char c) { return !std::isspace(static_cast<unsigned char>(c)); };
  auto b = std::find_if(s.begin(), s.end(), not_space);
  auto e = std::find_if(s.rbegin(), std::make_reverse_iterator(b), not_space).base();
  return {b, static_cast<std::size_t>(e - b)};
}

}  // namespace twin::data::detail
