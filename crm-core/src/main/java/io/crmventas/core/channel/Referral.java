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

  public Referral {
    sourceType = Check.optionalText("referral.sourceType", sourceType, 40);
    sourceId = Check.optionalText("referral.sourceId", sourceId, 100);
    sourceUrl = Check.optionalText("referral.sourceUrl", sourceUrl, 2000);
    headline = Check.optionalText("referral.headline", headline, 500);
    body = Check.optionalText("referral.body", body, 2000);
    mediaType = Check.optionalText("referral.mediaType", mediaType, 40);
    clickId = Check.optionalText("referral.clickId", clickId, 500);
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
