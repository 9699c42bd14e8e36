package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What looks like an AWS credential or a secret's name, and how messages are kept free of them. */
class SecretsTest {
  private static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @Test
  void accessKeyIdsAndSecretAccessKeysAreRecognised() {
    assertThat(Secrets.credentialKind(ACCESS_KEY_ID)).contains("an AWS access key id");
    assertThat(Secrets.credentialKind("ASIAY34FZKBOKMUTVV7A")).contains("an AWS access key id");
    assertThat(Secrets.credentialKind(SECRET_ACCESS_KEY)).contains("an AWS secret access key");
    assertThat(Secrets.credentialKind("je7MtGbClwBF/2Zp9Utk+h3yCo8nvbEXAMPLEKEY")).contains("an AWS secret access key");
  }

  @Test
  void likeShapedValuesThatAreNotCredentialsAreLeftAlone() {
    assertThat(Secrets.credentialKind("04c424a1b2c3d4e5f60718293a4b5c6d7e8f9012")).as("a git SHA").isEmpty();
    assertThat(Secrets.credentialKind("AKIAIOSFODNN7EXAMPL")).as("19 characters").isEmpty();
    assertThat(Secrets.credentialKind("AKIAIOSFODNN7EXAMPLEX")).as("21 characters").isEmpty();
    assertThat(Secrets.credentialKind("AIDAIOSFODNN7EXAMPLE")).as("a user id, not a key").isEmpty();
    assertThat(Secrets.credentialKind("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE")).as("39 characters").isEmpty();
    assertThat(Secrets.credentialKind("ABCDEFGHIJABCDEFGHIJABCDEFGHIJabcdefghij")).as("no digit").isEmpty();
    assertThat(Secrets.credentialKind("DataEngineering")).isEmpty();
    assertThat(Secrets.credentialKind(null)).isEmpty();
  }

  @Test
  void variableNamesThatSaySecretAreRecognised() {
    assertThat(Secrets.isSecretName("dbPassword")).isTrue();
    assertThat(Secrets.isSecretName("DB_PASSWD")).isTrue();
    assertThat(Secrets.isSecretName("clientSecret")).isTrue();
    assertThat(Secrets.isSecretName("githubToken")).isTrue();
    assertThat(Secrets.isSecretName("awsCredentials")).isTrue();
    assertThat(Secrets.isSecretName("ApiKey")).isTrue();
    assertThat(Secrets.isSecretName("stripe_api_key")).isTrue();
    assertThat(Secrets.isSecretName("scanCutoff")).isFalse();
    assertThat(Secrets.isSecretName("alertEmail")).isFalse();
  }

  @Test
  void aCredentialInAMessageIsReplacedByWhatItLooksLike() {
    assertThat(Secrets.redactCredentials("expected true or false, got '" + SECRET_ACCESS_KEY + "'"))
        .isEqualTo("expected true or false, got a value that looks like an AWS secret access key (not shown)");
    assertThat(Secrets.redactCredentials("unknown key '" + ACCESS_KEY_ID + "'; known keys here: a, b"))
        .isEqualTo("unknown key a value that looks like an AWS access key id (not shown); known keys here: a, b");
    assertThat(Secrets.redactCredentials("'user " + ACCESS_KEY_ID + "' is not an e-mail address"))
        .isEqualTo("'user a value that looks like an AWS access key id (not shown)' is not an e-mail address");
    assertThat(Secrets.redactCredentials("bucket 'x-" + ACCESS_KEY_ID.toLowerCase() + "' is fine"))
        .isEqualTo("bucket 'x-" + ACCESS_KEY_ID.toLowerCase() + "' is fine");
    assertThat(Secrets.redactCredentials("commit 04c424a1b2c3d4e5f60718293a4b5c6d7e8f9012"))
        .isEqualTo("commit 04c424a1b2c3d4e5f60718293a4b5c6d7e8f9012");
  }

  @Test
  void aHiddenValueIsReplacedWhereTheMessageQuotesItAndNowhereElse() {
    assertThat(Secrets.hide("got 'hunter2', at most 30", "hunter2", "dbPassword"))
        .isEqualTo("got the value of var.dbPassword (not shown), at most 30");
    assertThat(Secrets.hide("bucket name 'acme-raw-hunter2X' may contain only lowercase letters", "hunter2",
        "dbPassword")).isEqualTo("bucket name a value made with var.dbPassword (not shown) may contain only "
        + "lowercase letters");
    assertThat(Secrets.hide("project: 'Acme' must start with a lowercase letter (at most 30)", "30", "tokenTtlDays"))
        .as("the message's own words are not the variable's").isEqualTo(
            "project: 'Acme' must start with a lowercase letter (at most 30)");
    assertThat(Secrets.hide("got ''", "", "dbPassword")).isEqualTo("got ''");
  }

  @Test
  void namesWrittenInCamelCaseAreNotSecretKeys() {
    assertThat(Secrets.credentialKind("CustomerAnalyticsPlatformMigration2024Q1")).isEmpty();
    assertThat(Secrets.credentialKind("DataPlatformAnalyticsAdhocQueries2024Q1x")).isEmpty();
    assertThat(Secrets.credentialKind("Kx7Qm2pLr9TzW4vN8bYc3HdJ6fGs1aEu5oVi0nBq"))
        .as("random, without / or +").contains("an AWS secret access key");
  }
}
