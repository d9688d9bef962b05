package dev.failover.windows.ps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("PsLiteral writes single-quoted literals PowerShell cannot leave early")
class PsLiteralTest {

  @ParameterizedTest(name = "{0} becomes {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "abc|'abc'",
      "it's|'it''s'",
      "it\u2018s|'it\u2018\u2018s'",
      "it\u2019s|'it\u2019\u2019s'",
      "it\u201As|'it\u201A\u201As'",
      "it\u201Bs|'it\u201B\u201Bs'",
      "$(Remove-Item x); `n \"q\" # <#|'$(Remove-Item x); `n \"q\" # <#'",
      "''|''''''"})
  void quotes(String text, String expected) {
    assertThat(PsLiteral.quote(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "U+{0} is a single quote for PowerShell: {1}")
  @CsvSource({"0027,true", "2018,true", "2019,true", "201A,true", "201B,true", "201C,false", "0022,false", "0060,false"})
  void singleQuotes(String hex, boolean quote) {
    assertThat(PsLiteral.isSingleQuote((char) Integer.parseInt(hex, 16))).isEqualTo(quote);
  }
}
