package io.crmventas.core.channel;

import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.MetaAttribution;
import java.util.Optional;

/**
 * Where a conversation started when the lead clicked an ad or a post (WhatsApp's
 * {@code referral}, present on the first message of a click-to-WhatsApp conversation).
 *
 * @param sourceType {@code ad} or {@code post}
 * @param sourceId the ad's or post's id
 * @param sourceUrl the URL of the ad or post
 * @param headline the ad's headline
 * @param body the ad's text
 * @param mediaType {@code image} or {@code video}, when the ad had media
 * @param clickId Meta's click id ({@code ctwa_clid})
 */
public record Referral(
    Optional<String> sourceType,
    Optional<String> sourceId,
    Optional<String> sourceUrl,
    Optional<String> headline,
    Optional<String> body,
    Optional<String> mediaType,
    Optional<String> clickId) {

  /** The longest values kept, in characters (after stripping). */
  public static final int MAX_SOURCE_TYPE = 40;
  public static final int MAX_SOURCE_ID = 100;
  public static final int MAX_SOURCE_URL = 2000;
  public static final int MAX_HEADLINE = 500;
  public static final int MAX_BODY = 2000;
  public static final int MAX_MEDIA_TYPE = 40;
  public static final int MAX_CLICK_ID = 500;

  public Referral {
    sourceType = Check.optionalText("referral.sourceType", sourceType, MAX_SOURCE_TYPE);
    sourceId = Check.optionalText("referral.sourceId", sourceId, MAX_SOURCE_ID);
    sourceUrl = Check.optionalText("referral.sourceUrl", sourceUrl, MAX_SOURCE_URL);
    headline = Check.optionalText("referral.headline", headline, MAX_HEADLINE);
    body = Check.optionalText("referral.body", body, MAX_BODY);
    mediaType = Check.optionalText("referral.mediaType", mediaType, MAX_MEDIA_TYPE);
    clickId = Check.optionalText("referral.clickId", clickId, MAX_CLICK_ID);
  }

  /**
   * The Meta ad attribution this referral carries: present when it names a source id and
   * the source is an ad (or its type is not given).
   */
  public Optional<MetaAttribution> metaAttribution() {
    if (sourceId.isEmpty() || sourceType.filter(t -> !t.equalsIgnoreCase("ad")).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new MetaAttribution(sourceId.get(), sourceType.or(() -> Optional.of("ad")), sourceUrl,
        headline, body, clickId, Optional.empty()));
  }
}
