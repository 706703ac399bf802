package io.crmventas.core.conversation;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import java.util.Optional;

/**
 * Where a message's media lives: the provider's media id and/or a download URL, with what is
 * known about the file.
 */
public record MediaRef(
    Optional<String> providerMediaId,
    Optional<String> url,
    Optional<String> mimeType,
    Optional<String> filename,
    Optional<Long> sizeBytes,
    Optional<String> sha256) {

  public MediaRef {
    providerMediaId = Check.optionalText("media.providerMediaId", providerMediaId, 300);
    url = Check.optionalText("media.url", url, 4000);
    mimeType = Check.optionalText("media.mimeType", mimeType, 200);
    filename = Check.optionalText("media.filename", filename, 500);
    Check.optional("media.sizeBytes", sizeBytes);
    sizeBytes.ifPresent(s -> Check.atLeast("media.sizeBytes", s, 0));
    sha256 = Check.optionalText("media.sha256", sha256, 128);
    if (providerMediaId.isEmpty() && url.isEmpty()) {
      throw new InvalidInputException("media", null, "needs a provider media id or a url");
    }
  }

  /** Media known by URL and type only. */
  public static MediaRef ofUrl(String url, String mimeType) {
    return new MediaRef(Optional.empty(), Optional.of(url), Optional.ofNullable(mimeType),
        Optional.empty(), Optional.empty(), Optional.empty());
  }
}
