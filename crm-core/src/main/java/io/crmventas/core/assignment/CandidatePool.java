package io.crmventas.core.assignment;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.SellerKind;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who a rule may assign to: members with {@code role}, of {@code kind} when given, holding
 * every one of {@code skills}.
 */
public record CandidatePool(Role role, Optional<SellerKind> kind, SortedSet<String> requiredSkills) {
  /** Every seller of the tenant. */
  public static final CandidatePool ALL_SELLERS = new CandidatePool(Role.SELLER, Optional.empty(), new TreeSet<>());

  public CandidatePool {
    Check.notNull("pool.role", role);
    if (role != Role.SELLER && role != Role.PROFESSIONAL) {
      throw new InvalidInputException("pool.role", role, "must be SELLER or PROFESSIONAL");
    }
    Check.optional("pool.kind", kind);
    requiredSkills = skills(requiredSkills);
  }

  private static SortedSet<String> skills(Collection<String> in) {
    Check.notNull("pool.requiredSkills", in);
    TreeSet<String> out = new TreeSet<>();
    in.forEach(s -> out.add(Check.text("pool.requiredSkills", s, 50).toLowerCase(Locale.ROOT)));
    return Collections.unmodifiableSortedSet(out);
  }

  /** Sellers of one kind. */
  public static CandidatePool sellers(SellerKind kind) {
    return new CandidatePool(Role.SELLER, Optional.of(kind), new TreeSet<>());
  }
}
