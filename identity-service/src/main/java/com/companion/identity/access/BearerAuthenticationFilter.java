package com.companion.identity.access;

import com.companion.contracts.problem.ProblemType;
import com.companion.identity.web.Problems;
import com.companion.platform.auth.InvalidTokenException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Verifies the bearer token of an API request, when there is one, and keeps the caller for the
 * controllers. A bad token is a 401 at once; a missing one is the controller's concern (sign-up
 * needs none), see {@link CallerArgumentResolver}.
 */
public class BearerAuthenticationFilter extends OncePerRequestFilter {

  static final String CALLER_ATTRIBUTE = Caller.class.getName();

  private final AccessTokens tokens;

  public BearerAuthenticationFilter(AccessTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      try {
        request.setAttribute(CALLER_ATTRIBUTE, tokens.verify(header.substring(7).trim()));
      } catch (InvalidTokenException e) {
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        Problems.write(response, 401, ProblemType.UNAUTHENTICATED, e.getMessage());
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
