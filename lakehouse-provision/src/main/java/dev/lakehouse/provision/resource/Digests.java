package dev.lakehouse.provision.resource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests of text, in hex: the names, marks and fingerprints the stack derives from identities and specs. */
public final class Digests {
  private Digests() {}

  /** The SHA-256 of the text's UTF-8 bytes, in hex (64 digits). */
  public static String sha256(String text) {
    return HexFormat.of().formatHex(digest(text));
  }

  /** The first {@code bytes} bytes of the SHA-256 of the text's UTF-8 bytes, in hex. */
  public static String sha256(String text, int bytes) {
    return HexFormat.of().formatHex(digest(text), 0, bytes);
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
