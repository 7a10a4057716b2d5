#include <gtest/gtest.h>

#include "collectors/postfix_config/logical_lines.hpp"

using mtaudit::Diags;
using mtaudit::postfix::read_logical_lines;

TEST(LogicalLines, CommentsAndBlankLinesDoNotEndAnEntry) {
  std::string text =
      "smtpd_tls_protocols = !SSLv2,\n"
      "# a comment line between continuation lines is skipped\n"
      "    !SSLv3\n"
      "\n"
      "   , !TLSv1\n"
      "next = 1\n";
  auto lines = read_logical_lines(text, "main.cf", nullptr);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "smtpd_tls_protocols = !SSLv2,    !SSLv3   , !TLSv1");
  EXPECT_EQ(lines[0].line, 1);
  EXPECT_EQ(lines[0].line_at(30), 3);
  EXPECT_EQ(lines[0].line_at(40), 5);
  EXPECT_EQ(lines[1].text, "next = 1");
  EXPECT_EQ(lines[1].line, 6);
}

TEST(LogicalLines, LeadingContinuationIsIgnoredWithWarning) {
  Diags warnings;
  auto lines = read_logical_lines("  orphan text that is longer than thirty\n  more\nname = v",
                                  "main.cf", &warnings);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "name = v");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].line, 1);
  EXPECT_EQ(warnings[0].message,
            "logical line must not start with whitespace: \"  orphan text that is longer t...\"");
}

TEST(LogicalLines, CrlfKeepsCarriageReturnForTheValueTrimmer) {
  auto lines = read_logical_lines("a = b\r\n  c\r\n", "main.cf", nullptr);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "a = b\r  c\r");
}

TEST(LogicalLines, IndentedCommentIsAComment) {
  auto lines = read_logical_lines("a = b\n   # not a continuation\n", "main.cf", nullptr);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "a = b");
}
