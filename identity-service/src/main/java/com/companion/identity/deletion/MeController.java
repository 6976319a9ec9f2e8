package com.companion.identity.deletion;

import com.companion.identity.access.Caller;
import com.companion.identity.export.ForwardedHeaders;
import com.companion.identity.export.PlatformExport;
import com.companion.platform.web.RequestIds;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code DELETE /v1/me} and {@code GET /v1/me/export}. */
@RestController
public class MeController {

  private final AccountDeletion deletion;
  private final PlatformExport export;

  public MeController(AccountDeletion deletion, PlatformExport export) {
    this.deletion = deletion;
    this.export = export;
  }

  /** 204: the account is gone here, and {@code account.deleted} is on its way to the others. */
  @DeleteMapping("/v1/me")
  ResponseEntity<Void> delete(Caller caller) {
    deletion.delete(caller.accountId());
    return ResponseEntity.noContent().build();
  }

  /**
   * The whole platform's data about the caller; the token the caller sent is the one the other
   * services are asked with, so each applies its own tenancy.
   */
  @GetMapping("/v1/me/export")
  ResponseEntity<PlatformExport.Document> export(
      Caller caller,
      @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
      @RequestHeader(name = RequestIds.HEADER, required = false) String requestId) {
    return ResponseEntity.ok()
        .header("Content-Disposition", "attachment; filename=\"companion-export.json\"")
        .body(export.of(caller.accountId(), new ForwardedHeaders(authorization, requestId)));
  }
}
