package dev.peerl.runtime.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Reads the PEM files erl's TLS distribution uses ({@code certfile}, {@code keyfile}, {@code
 * cacertfile}), so that one set of files serves both kinds of node.
 */
final class PemFiles {
  private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
  private static final String END_KEY = "-----END PRIVATE KEY-----";
  // The key algorithms a PKCS#8 key may have; its own header names it, but trying each is simpler
  // than parsing the DER for its algorithm identifier.
  private static final List<String> KEY_ALGORITHMS =
      List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

  private PemFiles() {}

  /**
   * The certificates in {@code file}, in order.
   *
   * @throws TlsConfigurationException if it cannot be read or holds no certificate
   */
  static List<X509Certificate> certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (certificates.isEmpty()) {
        throw new TlsConfigurationException("no certificate in " + file);
      }
      return certificates;
    } catch (IOException | GeneralSecurityException e) {
      throw new TlsConfigurationException(
          "cannot read certificates from " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The unencrypted PKCS#8 private key in {@code file}.
   *
   * @throws TlsConfigurationException if it cannot be read, holds no such key, or holds a key in
   *     another form (the message says how to convert it)
   */
  static PrivateKey privateKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new TlsConfigurationException("cannot read the key file " + file + ": " + e, e);
    }
    int begin = text.indexOf(BEGIN_KEY);
    int end = text.indexOf(END_KEY);
    if (begin < 0 || end < begin) {
      String found =
          text.contains("ENCRYPTED PRIVATE KEY")
              ? "an encrypted key"
              : text.contains(" PRIVATE KEY-----") ? "a key in another form" : "no private key";
      throw new TlsConfigurationException(
          "the key file "
              + file
              + " holds "
              + found
              + "; an unencrypted PKCS#8 key (BEGIN PRIVATE KEY) is needed: openssl pkey -in "
              + file
              + " -out key.pem converts it");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN_KEY.length(), end));
    } catch (IllegalArgumentException e) {
      throw new TlsConfigurationException("the key in " + file + " is not valid base64", e);
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException notThisOne) {
        // try the next algorithm
      }
    }
    throw new TlsConfigurationException(
        "the key in " + file + " is none of " + KEY_ALGORITHMS + " or is damaged");
  }
}
