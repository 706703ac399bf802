package io.crmventas.ycloud.outbound;

import io.crmventas.core.channel.DeliveryFailure;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What WhatsApp's and YCloud's error codes mean for the next message, for send answers and
 * failed-status webhooks alike. Codes are matched, never the error's wording, which changes.
 */
public final class WhatsAppErrors {
  /** WhatsApp's "re-engagement message": the 24-hour window is closed, only templates go through. */
  public static final String WINDOW_CLOSED = "131047";
  /** WhatsApp codes that mean the recipient cannot get this message. */
  public static final Set<String> RECIPIENT_CODES = Set.of("131021", "131026", "131030", "131050");
  /** Rate limits: the pair's (131056), the spam one (131048), the throughput one (130429), YCloud's. */
  public static final Set<String> RATE_LIMIT_CODES = Set.of("131056", "131048", "130429", "TOO_MANY_REQUESTS");
  /** The business account cannot send: YCloud's balance, WhatsApp's payment and eligibility codes. */
  public static final Set<String> ACCOUNT_CODES = Set.of("BALANCE_INSUFFICIENT", "131042", "131031", "368");

  private static final Pattern DIGIT_RUNS = Pattern.compile("\\+?\\d{7,}");

  private WhatsAppErrors() {}

  /** The reason the first of {@code codes} that names one gives; {@link DeliveryFailure.Reason#OTHER} if none does. */
  public static DeliveryFailure.Reason reasonOf(Optional<String> first, Optional<String> second) {
    for (Optional<String> code : java.util.List.of(first, second)) {
      if (code.isEmpty()) {
        continue;
      }
      String c = code.get().strip();
      if (c.equals(WINDOW_CLOSED)) {
        return DeliveryFailure.Reason.WINDOW_CLOSED;
      }
      if (RECIPIENT_CODES.contains(c)) {
        return DeliveryFailure.Reason.INVALID_RECIPIENT;
      }
      if (RATE_LIMIT_CODES.contains(c)) {
        return DeliveryFailure.Reason.RATE_LIMITED;
      }
      if (ACCOUNT_CODES.contains(c)) {
        return DeliveryFailure.Reason.ACCOUNT;
      }
    }
    return DeliveryFailure.Reason.OTHER;
  }

  /**
   * {@code text} with every run of 7 or more digits (a phone number a provider's message may
   * repeat) replaced by {@code ***}: it ends in exceptions, events, logs and the inbox's last error.
   */
  public static String masked(String text) {
    return DIGIT_RUNS.matcher(text).replaceAll("***");
  }
}
