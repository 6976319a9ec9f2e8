package com.companion.identity.signin;

import com.companion.identity.account.AccountRepository;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.UUID;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Before the authorization endpoint issues a code on the strength of a sign-in session, checks that
 * the session's account still exists; a deleted account's session is ended there and the browser is
 * sent to the sign-in form. Deleting an account ends its sessions already ({@link SignInSessions});
 * this covers a session that escaped (Redis unreachable then, a sign-in racing the deletion). One
 * primary-key lookup per authorization request that arrives signed in.
 */
public final class LiveAccountCheck extends OncePerRequestFilter {

  private final AccountRepository accounts;
  private final RequestMatcher authorizationEndpoint;

  public LiveAccountCheck(AccountRepository accounts, RequestMatcher authorizationEndpoint) {
    this.accounts = accounts;
    this.authorizationEndpoint = authorizationEndpoint;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (authorizationEndpoint.matches(request)) {
      Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
      // only the sign-in form's session; the endpoint's bearer and client authentications differ
      if (signedIn instanceof UsernamePasswordAuthenticationToken
          && signedIn.isAuthenticated()
          && !exists(signedIn.getName())) {
        HttpSession session = request.getSession(false);
        if (session != null) {
          session.invalidate();
        }
        SecurityContextHolder.clearContext();
      }
    }
    chain.doFilter(request, response);
  }

  private boolean exists(String accountId) {
    try {
      return accounts.findById(UUID.fromString(accountId)).isPresent();
    } catch (IllegalArgumentException notAnAccountId) {
      return false;
    }
  }
}
