package com.companion.identity.admin;

import com.companion.identity.access.Caller;
import com.companion.platform.web.PlatformProblem;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/admin/accounts/{id}/roles}: the audited admin API for roles. */
@RestController
public class RoleAdminController {

  private final RoleService roles;

  public RoleAdminController(RoleService roles) {
    this.roles = roles;
  }

  @GetMapping("/v1/admin/accounts/{id}/roles")
  Map<String, Object> list(Caller caller, @PathVariable String id) {
    UUID account = id(id);
    roles.requireAdmin(caller);
    return Map.of("roles", roles.roles(account), "audit", roles.audit(caller, account));
  }

  @PutMapping("/v1/admin/accounts/{id}/roles/{role}")
  Map<String, List<String>> grant(
      Caller caller,
      @PathVariable String id,
      @PathVariable String role,
      @RequestBody(required = false) Change body) {
    return Map.of("roles", roles.grant(caller, id(id), role, body == null ? null : body.reason()));
  }

  @DeleteMapping("/v1/admin/accounts/{id}/roles/{role}")
  Map<String, List<String>> revoke(
      Caller caller,
      @PathVariable String id,
      @PathVariable String role,
      @RequestBody(required = false) Change body) {
    return Map.of("roles", roles.revoke(caller, id(id), role, body == null ? null : body.reason()));
  }

  /** {@code {"reason": "..."}}, kept in the audit trail. */
  public record Change(String reason) {}

  private static UUID id(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.notFound("no such account");
    }
  }
}
