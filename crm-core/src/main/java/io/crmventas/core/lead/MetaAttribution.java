package io.crmventas.core.lead;

import io.crmventas.core.internal.Check;
import java.util.Optional;

/**
 * The Meta click-to-WhatsApp ad a lead came from, as WhatsApp reports it in the first
 * message's {@code referral}.
 *
 * @param adId the ad's id (WhatsApp's {@code source_id} when {@code source_type} is ad)
 * @param sourceType {@code ad} or {@code post}
 * @param sourceUrl the URL of the ad or post
 * @param headline the ad's headline
 * @param body the ad's text
 * @param clickId Meta's click id ({@code ctwa_clid}), for conversion reporting
 * @param campaignId the campaign, when known from Meta's marketing API
 */
public record MetaAttribution(
    String adId,
    Optional<String> sourceType,
    Optional<String> sourceUrl,
    Optional<String> headline,
    Optional<String> body,
    Optional<String> clickId,
    Optional<String> campaignId) {

  public MetaAttribution {
    adId = Check.text("attribution.adId", adId, 100);
    sourceType = Check.optionalText("attribution.sourceType", sourceType, 40);
    sourceUrl = Check.optionalText("attribution.sourceUrl", sourceUrl, 2000);
    headline = Check.optionalText("attribution.headline", headline, 500);
    body = Check.optionalText("attribution.body", body, 2000);
    clickId = Check.optionalText("attribution.clickId", clickId, 500);
    campaignId = Check.optionalText("attribution.campaignId", campaignId, 100);
  }

  /** An attribution with only the ad id known. */
  public static MetaAttribution ofAd(String adId) {
    return new MetaAttribution(adId, Optional.of("ad"), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
  }
}
