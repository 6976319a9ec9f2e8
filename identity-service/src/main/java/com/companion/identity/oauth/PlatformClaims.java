package com.companion.identity.oauth;

import com.companion.identity.IdentityProperties;
import com.companion.identity.account.Account;
import com.companion.identity.account.AccountRepository;
import com.companion.identity.account.AgeGroups;
import com.companion.identity.guardian.GuardianService;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The platform's claims in every token: {@code sub} (the account id), {@code product}, {@code
 * roles}, {@code age_group} and {@code guardian_consent}, read from the account each time a token
 * is issued, so a refresh picks up a granted role, a birthday or a guardian's decision. Access
 * tokens carry the platform audience that every service checks.
 */
public class PlatformClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

  private final AccountRepository accounts;
  private final GuardianService guardians;
  private final String audience;
  private final IdentityProperties.LocalTokens localTokens;
  private final Clock clock;

  public PlatformClaims(
      AccountRepository accounts,
      GuardianService guardians,
      String audience,
      IdentityProperties.LocalTokens localTokens,
      Clock clock) {
    this.accounts = accounts;
    this.guardians = guardians;
    this.audience = audience;
    this.localTokens = localTokens;
    this.clock = clock;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    boolean access = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
    boolean id = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
    if (!access && !id) {
      return;
    }
    Account account = account(context.getPrincipal().getName());
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    TreeSet<String> roles = new TreeSet<>(account.roles());
    roles.add("user");
    var claims = context.getClaims();
    claims.subject(account.id().toString());
    if (access) {
      claims.audience(new ArrayList<>(List.of(audience)));
      if (localTokens.enabled()) {
        context.getJwsHeader().algorithm(MacAlgorithm.HS256);
        claims.issuer(localTokens.issuer());
      }
    }
    claims.claim("product", account.product());
    // mutable lists only: the claims are stored with the authorization as JSON, and Spring's
    // allow-list for reading them back admits ArrayList but not the JDK's immutable lists
    claims.claim("roles", new ArrayList<>(roles));
    claims.claim("age_group", AgeGroups.of(account.birthDate(), today).claimValue());
    claims.claim("guardian_consent", guardians.consentClaim(account));
    if (id) {
      claims.claim("preferred_username", account.username());
    }
  }

  private Account account(String subject) {
    try {
      return accounts
          .findById(UUID.fromString(subject))
          .orElseThrow(() -> new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT));
    } catch (IllegalArgumentException e) {
      throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
    }
  }
}
