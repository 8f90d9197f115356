package io.leadstream.sfemu.oauth;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads the JWT verification key from PEM: an X.509 certificate (as uploaded to a connected app) or a bare public key. */
public final class PublicKeys {

  private PublicKeys() {
  }

  public static PublicKey fromPem(String pem) {
    try {
      if (pem.contains("BEGIN CERTIFICATE")) {
        return CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
            .getPublicKey();
      }
      String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a PEM certificate or RSA public key", e);
    }
  }
}
