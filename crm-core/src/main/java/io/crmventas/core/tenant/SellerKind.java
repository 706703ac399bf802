package io.crmventas.core.tenant;

/** The part of the funnel a seller works. */
public enum SellerKind {
  /** Qualifies fresh leads (by default, the ones from Meta Ads) and books meetings. */
  SETTER,
  /** Runs meetings and closes sales. */
  CLOSER
}
