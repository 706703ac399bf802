package io.crmventas.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.CrmException;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.RetriableException;
import io.crmventas.core.StoreUnavailableException;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which PostgreSQL error states say "the store cannot work now" (retriable) and which do not. */
class SqlErrorsTest {

  @ParameterizedTest
  @ValueSource(strings = {"08006", "57P01", "57014", "25006", "53100", "53200", "53300", "58030"})
  void aServerThatCannotWorkNowIsUnavailable(String state) {
    CrmException e = SqlErrors.translate(new SQLException("server says no", state), "insert inbox");
    assertThat(e).isInstanceOf(StoreUnavailableException.class);
    assertThat(e.isRetriable()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"40001", "40P01", "55P03"})
  void aLostRaceIsRetriable(String state) {
    assertThat(SqlErrors.translate(new SQLException("race", state), "update lead"))
        .isInstanceOf(RetriableException.class).isNotInstanceOf(StoreUnavailableException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"42P01", "42703", "XX000"})
  void aBrokenStatementIsNotRetriable(String state) {
    CrmException e = SqlErrors.translate(new SQLException("relation does not exist", state), "select");
    assertThat(e.isRetriable()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"22021", "22P05"})
  void aCharacterTheDatabaseCannotStoreIsInvalidInput(String state) {
    CrmException e = SqlErrors.translate(new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", state),
        "insert message");
    assertThat(e).isInstanceOf(InvalidInputException.class);
    assertThat(e.isRetriable()).isFalse();
  }
}
