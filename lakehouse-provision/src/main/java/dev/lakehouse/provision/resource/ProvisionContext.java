package dev.lakehouse.provision.resource;

import dev.lakehouse.aws.AwsClients;
import dev.lakehouse.config.Stack;

/** What providers build desired resources from: the stack, the AWS clients and the user's overrides. */
public record ProvisionContext(Stack stack, AwsClients aws, Overrides overrides) {}
