package io.leadstream.sink.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoqlTest {
  @Test
  void quotesBackslashesAndControlCharactersAreEscapedInStringLiterals() {
    assertThat(Soql.quote("o'neil\\' OR Email != ''\"\n")).isEqualTo("'o\\'neil\\\\\\' OR Email != \\'\\'\\\"\\n'");
  }

  @Test
  void inListsQuoteEveryValue() {
    assertThat(Soql.inList(List.of("a@x.com", "b'@x.com"))).isEqualTo("('a@x.com', 'b\\'@x.com')");
  }

  @Test
  void everySoslReservedCharacterIsBackslashEscaped() {
    assertThat(Soql.soslTerm("+1 (415) 555-0100} OR {x*")).isEqualTo("\\+1 \\(415\\) 555\\-0100\\} OR \\{x\\*");
  }
}
