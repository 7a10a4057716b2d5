#include <gtest/gtest.h>

#include "engine/source_text.hpp"

namespace mtaudit::engine {
namespace {

TEST(EngineSourceText, LineAndColumnAreOneBased) {
  SourceText s("f.json", "ab\ncd\n");
  EXPECT_EQ(s.line_col(0).line, 1);
  EXPECT_EQ(s.line_col(0).col, 1);
  EXPECT_EQ(s.line_col(1).col, 2);
  EXPECT_EQ(s.line_col(3).line, 2);
  EXPECT_EQ(s.line_col(3).col, 1);
  EXPECT_EQ(s.line_col(4).col, 2);
}

TEST(EngineSourceText, ColumnsCountCharactersNotBytes) {
  SourceText s("f.json", "\"\xC3\xA9\xC3\xA9\" x");  // "éé" x
  EXPECT_EQ(s.line_col(6).col, 5);  // the space after the closing quote
  EXPECT_EQ(s.line_col(7).col, 6);
}

// An embedded file is viewed, not copied, and answers as the same text held in a string does.
TEST(EngineSourceText, BorrowedTextIsViewedInPlace) {
  static constexpr std::string_view k_text = "{\n  \"rules\": x\n}\n";
  SourceText borrowed("builtin:r.json", SourceText::Borrowed{k_text});
  SourceText owned("builtin:r.json", std::string(k_text));
  EXPECT_EQ(borrowed.text().data(), k_text.data());
  EXPECT_EQ(borrowed.text(), owned.text());
  EXPECT_EQ(borrowed.where(13), owned.where(13));
  EXPECT_EQ(borrowed.where(13), "builtin:r.json:2:12");
  EXPECT_EQ(borrowed.line_text(2), "  \"rules\": x");
  EXPECT_EQ(borrowed.diag(13, "m").message, owned.diag(13, "m").message);
}

TEST(EngineSourceText, OffsetPastTheEndIsClamped) {
  SourceText s("f.json", "ab\nc");
  EXPECT_EQ(s.line_col(100).line, 2);
  EXPECT_EQ(s.line_col(100).col, 2);
}

TEST(EngineSourceText, LineTextDropsNewlineAndCarriageReturn) {
  SourceText s("f.json", "one\r\ntwo\nthree");
  EXPECT_EQ(s.line_text(1), "one");
  EXPECT_EQ(s.line_text(2), "two");
  EXPECT_EQ(s.line_text(3), "three");
  EXPECT_EQ(s.line_text(4), "");
  EXPECT_EQ(s.line_text(0), "");
}

TEST(EngineSourceText, DiagCarriesPositionAndSnippet) {
  SourceText s("rules/x.json", "{\n  \"a\": 1\n}");
  Diag d = s.diag(4, "bad key");
  EXPECT_EQ(d.file, "rules/x.json");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.col, 3);
  EXPECT_EQ(d.message, "bad key");
  EXPECT_EQ(d.snippet, "  \"a\": 1");
  EXPECT_EQ(s.where(4), "rules/x.json:2:3");
}

}  // namespace
}  // namespace mtaudit::engine
