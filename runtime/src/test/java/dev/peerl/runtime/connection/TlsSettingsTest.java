package dev.peerl.runtime.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS settings and the SSL context made from them: what works, and the errors that name why.
 */
class TlsSettingsTest {
  private static final TestCertificates CERTS = TestCertificates.get();

  private static TlsSettings settings(String tls) {
    Config config =
        ConfigFactory.parseString("peerl.tls { " + tls + " }").withFallback(ConfigFactory.load());
    return TlsSettings.create(config);
  }

  private static String quoted(Path path) {
    return "\"" + path + "\"";
  }

  private static String pem() {
    return "enabled = on, cert-file = "
        + quoted(CERTS.node().certFile())
        + ", key-file = "
        + quoted(CERTS.node().keyFile())
        + ", cacert-file = "
        + quoted(CERTS.caFile());
  }

  private static String pkcs12(String keyStorePassword) {
    return "enabled = on, key-store = "
        + quoted(CERTS.node().keyStore())
        + ", key-store-password = \""
        + keyStorePassword
        + "\", trust-store = "
        + quoted(CERTS.trustStore())
        + ", trust-store-password = \""
        + TestCertificates.PASSWORD
        + "\"";
  }

  @Test
  void isOffByDefault() {
    TlsSettings defaults = TlsSettings.create(ConfigFactory.load());
    assertFalse(defaults.enabled());
    assertTrue(defaults.verifyPeer());
    assertTrue(defaults.verifyHostname());
    assertEquals("TlsSettings[off]", defaults.toString());
  }

  @Test
  void loadsPemFilesAsErlUsesThem() {
    assertNotNull(DistTls.create(settings(pem())).server("test"));
  }

  @Test
  void loadsPkcs12Stores() {
    assertNotNull(DistTls.create(settings(pkcs12(TestCertificates.PASSWORD))).client("vm", 1));
  }

  @Test
  void leavesThePasswordsOutOfItsText() {
    String text = settings(pkcs12(TestCertificates.PASSWORD)).toString();
    assertFalse(text.contains(TestCertificates.PASSWORD), text);
    assertTrue(text.contains(CERTS.node().keyStore().toString()), text);
  }

  @Test
  void refusesAKeyGivenTwoWaysOrNotAtAll() {
    assertThrows(
        TlsConfigurationException.class,
        () -> settings(pem() + ", key-store = " + quoted(CERTS.node().keyStore())));
    assertThrows(
        TlsConfigurationException.class,
        () -> settings("enabled = on, cacert-file = " + quoted(CERTS.caFile())));
    assertThrows(
        TlsConfigurationException.class,
        () ->
            settings(
                "enabled = on, cert-file = "
                    + quoted(CERTS.node().certFile())
                    + ", cacert-file = "
                    + quoted(CERTS.caFile())));
  }

  @Test
  void refusesToTrustNothingRatherThanTheJvmsPublicCas() {
    TlsConfigurationException error =
        assertThrows(
            TlsConfigurationException.class,
            () ->
                settings(
                    "enabled = on, cert-file = "
                        + quoted(CERTS.node().certFile())
                        + ", key-file = "
                        + quoted(CERTS.node().keyFile())));
    assertTrue(error.getMessage().contains("trust-store or cacert-file"), error.getMessage());
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("missing.pem");
    TlsConfigurationException error =
        assertThrows(
            TlsConfigurationException.class,
            () -> DistTls.create(settings(pem() + ", cacert-file = " + quoted(missing))));
    assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
  }

  @Test
  void aWrongKeyStorePasswordIsATypedError() {
    TlsConfigurationException error =
        assertThrows(
            TlsConfigurationException.class, () -> DistTls.create(settings(pkcs12("wrong"))));
    assertTrue(error.getMessage().contains("key-store"), error.getMessage());
  }

  @Test
  void aKeyInAnotherFormSaysHowToConvertIt(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("rsa-key.pem");
    Files.writeString(
        key, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
    TlsConfigurationException error =
        assertThrows(
            TlsConfigurationException.class,
            () -> DistTls.create(settings(pem() + ", key-file = " + quoted(key))));
    assertTrue(error.getMessage().contains("openssl pkey"), error.getMessage());
  }

  @Test
  void aProtocolTheJvmLacksIsRefused() {
    TlsConfigurationException error =
        assertThrows(
            TlsConfigurationException.class,
            () -> DistTls.create(settings(pem() + ", protocols = [\"TLSv9\"]")));
    assertTrue(error.getMessage().contains("TLSv9"), error.getMessage());
  }
}
