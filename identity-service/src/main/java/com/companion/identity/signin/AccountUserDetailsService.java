package com.companion.identity.signin;

import com.companion.identity.account.AccountRepository;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Loads an account for the sign-in form. The principal's name is the account id, not the username:
 * it becomes the tokens' {@code sub} and the key of the stored authorizations, and stays stable if
 * a username ever changes. Spring's own {@link User} is used because the authorization service
 * stores the principal as JSON and only accepts Spring Security's types there.
 */
@Component
public class AccountUserDetailsService implements UserDetailsService {

  private final AccountRepository accounts;

  public AccountUserDetailsService(AccountRepository accounts) {
    this.accounts = accounts;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    return accounts
        .findByUsername(username)
        .map(
            account ->
                User.withUsername(account.id().toString())
                    .password(account.passwordHash())
                    .authorities("ROLE_USER")
                    .build())
        .orElseThrow(() -> new UsernameNotFoundException("no such account"));
  }
}
