package com.companion.identity.deletion;

import com.companion.identity.access.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code DELETE /v1/me} and {@code GET /v1/me/export}. */
@RestController
public class MeController {

  private final AccountDeletion deletion;
  private final AccountExport export;

  public MeController(AccountDeletion deletion, AccountExport export) {
    this.deletion = deletion;
    this.export = export;
  }

  /** 204: the account is gone here, and {@code account.deleted} is on its way to the others. */
  @DeleteMapping("/v1/me")
  ResponseEntity<Void> delete(Caller caller) {
    deletion.delete(caller.accountId());
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/v1/me/export")
  ResponseEntity<AccountExport.Export> export(Caller caller) {
    return ResponseEntity.ok()
        .header("Content-Disposition", "attachment; filename=\"identity-export.json\"")
        .body(export.of(caller.accountId()));
  }
}
