package io.crmventas.core.tenant;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import java.time.Instant;
import java.util.Optional;

/**
 * A user's place in one tenant: their role there and, for sellers, how they sell.
 *
 * <p>A {@link Role#SELLER} always has a seller profile; a {@link Role#PROFESSIONAL} may have
 * one (for skills and working hours); a CEO or secretary never has one.
 *
 * @param active an inactive member keeps their history but signs in to nothing and takes no
 *     leads
 */
public record Membership(
    TenantId tenantId, UserId userId, Role role, Optional<SellerProfile> seller, boolean active, Instant createdAt) {

  public Membership {
    Check.notNull("tenantId", tenantId);
    Check.notNull("userId", userId);
    Check.notNull("role", role);
    Check.optional("seller", seller);
    if (role == Role.SELLER && seller.isEmpty()) {
      throw new InvalidInputException("seller", null, "profile is required for role SELLER");
    }
    if ((role == Role.CEO || role == Role.SECRETARY) && seller.isPresent()) {
      throw new InvalidInputException("seller", seller.get(), "profile is only for SELLER or PROFESSIONAL, not " + role);
    }
    createdAt = Check.instant("createdAt", createdAt);
  }

  /** An active member with a role that has no seller profile. */
  public static Membership of(TenantId tenantId, UserId userId, Role role, Instant createdAt) {
    return new Membership(tenantId, userId, role, Optional.empty(), true, createdAt);
  }

  /** An active seller. */
  public static Membership seller(TenantId tenantId, UserId userId, SellerProfile profile, Instant createdAt) {
    return new Membership(tenantId, userId, Role.SELLER, Optional.of(profile), true, createdAt);
  }

  public boolean isSeller() {
    return role == Role.SELLER;
  }

  public Membership withActive(boolean active) {
    return new Membership(tenantId, userId, role, seller, active, createdAt);
  }

  public Membership withSeller(SellerProfile profile) {
    return new Membership(tenantId, userId, role, Optional.of(profile), active, createdAt);
  }

  public Membership withRole(Role role, Optional<SellerProfile> seller) {
    return new Membership(tenantId, userId, role, seller, active, createdAt);
  }
}
