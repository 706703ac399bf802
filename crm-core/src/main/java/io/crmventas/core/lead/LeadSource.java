package io.crmventas.core.lead;

import io.crmventas.core.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a lead came from. The well-known sources are constants; a tenant may use its own
 * (upper-case words such as {@code TRADE_SHOW}).
 */
public record LeadSource(String code) {
  private static final Pattern CODE = Pattern.compile("^[A-Z][A-Z0-9_]{0,39}$");

  /** Wrote in on their own. */
  public static final LeadSource ORGANIC = new LeadSource("ORGANIC");
  /** Clicked a Meta (Facebook, Instagram) click-to-WhatsApp ad. */
  public static final LeadSource META_ADS = new LeadSource("META_ADS");
  /** Referred by a customer or partner. */
  public static final LeadSource REFERRAL = new LeadSource("REFERRAL");
  /** Found by a seller's outbound prospecting. */
  public static final LeadSource PROSPECTING = new LeadSource("PROSPECTING");
  /** From the website. */
  public static final LeadSource WEBSITE = new LeadSource("WEBSITE");
  /** Anything else. */
  public static final LeadSource OTHER = new LeadSource("OTHER");

  public LeadSource {
    if (code == null) {
      throw new InvalidInputException("source", null, "is required");
    }
    if (!CODE.matcher(code).matches()) {
      throw new InvalidInputException("source", code, "must be 1 to 40 upper-case letters, digits or _ starting with a letter");
    }
  }

  /** Upper-cases and checks {@code text}. */
  public static LeadSource of(String text) {
    if (text == null) {
      throw new InvalidInputException("source", null, "is required");
    }
    return new LeadSource(text.strip().toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return code;
  }
}
