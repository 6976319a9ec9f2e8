package com.companion.identity.signin;

import com.companion.contracts.problem.ProblemType;
import com.companion.identity.throttle.AttemptThrottle;
import com.companion.identity.throttle.SignInKey;
import com.companion.identity.web.ClientAddress;
import com.companion.identity.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a sign-in attempt while its account or its client address is locked, before the password
 * is even checked (a locked account cannot be probed further). The lock is the same whether or not
 * the username exists.
 */
public class SignInThrottleFilter extends OncePerRequestFilter {

  private final AttemptThrottle throttle;
  private final ClientAddress clientAddress;

  public SignInThrottleFilter(AttemptThrottle throttle, ClientAddress clientAddress) {
    this.throttle = throttle;
    this.clientAddress = clientAddress;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String username = request.getParameter("username");
    Optional<Duration> lock = throttle.signInLock(SignInKey.client(clientAddress.of(request)));
    if (lock.isEmpty() && username != null && !username.isBlank()) {
      lock = throttle.signInLock(SignInKey.account(username));
    }
    if (lock.isPresent()) {
      long seconds = Math.max(1, (lock.get().toMillis() + 999) / 1000);
      response.setHeader("Retry-After", String.valueOf(seconds));
      ProblemDetail problem =
          Problems.detail(
              429, ProblemType.RATE_LIMITED, "too many failed sign-ins; try again later");
      problem.setProperty("retry_after_seconds", seconds);
      Problems.write(response, problem);
      return;
    }
    chain.doFilter(request, response);
  }
}
