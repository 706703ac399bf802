package io.crmventas.core.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

  @ParameterizedTest
  @CsvSource({
    "'+54 9 11 5555-1234', +5491155551234",
    "'5491155551234', +5491155551234",
    "'0054 9 11 5555 1234', +5491155551234",
    "'whatsapp:+14155552671', +14155552671",
    "'tel:+1 (415) 555-2671', +14155552671",
    "'+34.600.111.222', +34600111222",
  })
  void normalisesTheWaysNumbersAreWritten(String input, String e164) {
    assertThat(PhoneNumber.parse(input).value()).isEqualTo(e164);
    assertThat(PhoneNumber.parse(input).digits()).isEqualTo(e164.substring(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "+", "12345", "+0123456789", "011 5555 1234", "+54 9 11 ABCD", "+1234567890123456", "++5491155551234"})
  void rejectsWhatCannotBeE164NamingFieldAndValue(String input) {
    assertThatThrownBy(() -> PhoneNumber.parse(input))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo("phone");
          assertThat(e.value()).isEqualTo(input);
          assertThat(e.getMessage()).contains("phone").contains(input);
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"5491155551234", "+54 91155551234", "+012345678"})
  void theConstructorOnlyAcceptsCanonicalForm(String input) {
    assertThatThrownBy(() -> new PhoneNumber(input)).isInstanceOf(InvalidInputException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Ana@Example.COM ", "a.b+tag@sub.example.co"})
  void emailsAreTrimmedAndLowerCased(String input) {
    assertThat(EmailAddress.parse(input).value()).isEqualTo(input.strip().toLowerCase(java.util.Locale.ROOT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ana", "ana@", "@example.com", "ana@example", "a b@example.com"})
  void badEmailsNameTheField(String input) {
    assertThatThrownBy(() -> EmailAddress.parse(input))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("email"));
  }
}
