#!/usr/bin/env python3
"""The baseline bench/run sets beside lakehouse: the same AWS work done the way the seed article
does it, boto3 calls one after another in a Python script.

    baseline.py plan     --plan PLAN.json --endpoint-url URL   # the reads lakehouse plan makes
    baseline.py apply    --plan PLAN.json --endpoint-url URL   # those reads, then what lakehouse apply
                                                                # writes, each resource read back after
    baseline.py apply    --creates-only ...                     # the reads, then the creates alone
    baseline.py maintain --database DB... --endpoint-url URL   # what maintain --dry-run reads

The stack's resources come from a plan document (`lakehouse plan --json`), made once before any
timing: the article's scripts hard-code their resources, and this keeps both sides on exactly the
same names and settings. Per resource it reads what lakehouse reads (a bucket's head, versioning,
encryption, public access block, ownership, policy, lifecycle, tiering and tags; a role, its
attached and inline policies and tags; ...) plus the same account-wide listings lakehouse makes to
find what the stack owns but no longer declares; `apply` then creates each resource with the calls
the article uses (create_bucket, put_bucket_*, create_role, grant_permissions, ...), in the plan's
order, and does the rest of what lakehouse apply does for each: it reads the resource back once
(lakehouse reads until AWS shows the write, which the emulator does at once), and records what it
made in Lake Formation in the stack's ownership record (an LF-Tag: read before, written after). With
`--creates-only` it makes the creates alone, as the article's scripts do. `maintain` reads each
Iceberg table's metadata file, its current manifest list and the manifests that lists.

Prints one JSON line on stdout: {"calls": N, "errors": N}; each failed call on stderr.
"""
import argparse
import hashlib
import json
import re
import sys
import time
import uuid
import zlib

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

UNKNOWN = "(known after apply)"


class Aws:
    """boto3 clients made on first use, as the article's scripts make them at their top."""

    def __init__(self, endpoint, region):
        self.endpoint = endpoint
        self.region = region
        self.clients = {}
        self.calls = 0
        self.errors = 0

    def client(self, service):
        if service not in self.clients:
            config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 8, "mode": "standard"})
            self.clients[service] = boto3.client(service, region_name=self.region, endpoint_url=self.endpoint,
                                                 config=config)
        return self.clients[service]

    def call(self, service, operation, missing=(), **params):
        """One call; None when AWS answers with one of the `missing` error codes (or 404)."""
        self.calls += 1
        try:
            return getattr(self.client(service), operation)(**params)
        except ClientError as e:
            code = e.response.get("Error", {}).get("Code", "")
            status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            message = str(e.response.get("Error", {}).get("Message", "")).lower()
            if code in missing or status == 404 or "NotFound" in code or code.startswith("NoSuch") \
                    or (code == "InvalidRequestException" and ("not found" in message or "does not exist" in message)):
                return None
            self.errors += 1
            print(f"baseline: {service}.{operation}: {code}: {e}", file=sys.stderr)
            return None


def spec(change):
    return change["after"] if change.get("after") is not None else change["before"]


def tags_list(tags, key="Key", value="Value"):
    return [{key: k, value: v} for k, v in sorted(tags.items())]


# ---------------------------------------------------------------- reads, one resource at a time

def read(aws, change, account):
    kind, s = change["type"], spec(change)
    if kind == "kms_key":
        key = aws.call("kms", "describe_key", KeyId="alias/" + s["alias"])
        if not key:
            aws.call("kms", "list_keys")  # a key the stack made under another alias
        if key:
            key_id = key["KeyMetadata"]["KeyId"]
            aws.call("kms", "get_key_rotation_status", KeyId=key_id)
            aws.call("kms", "get_key_policy", KeyId=key_id, PolicyName="default")
            aws.call("kms", "list_resource_tags", KeyId=key_id)
    elif kind == "s3_bucket":
        bucket = s["name"]
        if aws.call("s3", "head_bucket", Bucket=bucket) is not None:
            for operation in ("get_bucket_versioning", "get_bucket_encryption", "get_public_access_block",
                              "get_bucket_ownership_controls", "get_bucket_policy",
                              "get_bucket_lifecycle_configuration", "get_bucket_tagging"):
                aws.call("s3", operation, missing=("ServerSideEncryptionConfigurationNotFoundError",
                                                    "OwnershipControlsNotFoundError"), Bucket=bucket)
            aws.call("s3", "list_bucket_intelligent_tiering_configurations", Bucket=bucket)
    elif kind == "iam_role":
        if aws.call("iam", "get_role", RoleName=s["name"]):
            aws.call("iam", "list_attached_role_policies", RoleName=s["name"])
            aws.call("iam", "get_role_policy", RoleName=s["name"], PolicyName="lakehouse-access")
            aws.call("iam", "list_role_tags", RoleName=s["name"])
    elif kind == "lakeformation_settings":
        aws.call("lakeformation", "get_data_lake_settings")
    elif kind == "lakeformation_location":
        aws.call("lakeformation", "describe_resource", ResourceArn=s["resourceArn"])
    elif kind == "glue_database":
        if aws.call("glue", "get_database", Name=s["name"]):
            aws.call("glue", "get_tags", ResourceArn=f"arn:aws:glue:{aws.region}:{account}:database/{s['name']}")
    elif kind == "lakeformation_grant":
        aws.call("lakeformation", "list_permissions", CatalogId=account,
                 Principal={"DataLakePrincipalIdentifier": s["principal"]}, Resource=grant_resource(s, account))
    elif kind == "iceberg_table":
        table = aws.call("glue", "get_table", DatabaseName=s["database"], Name=s["table"])
        if table:
            location = table["Table"].get("Parameters", {}).get("metadata_location")
            if location:
                bucket, key = split_s3(location)
                aws.call("s3", "get_object", Bucket=bucket, Key=key)
    elif kind == "lakeformation_data_filter":
        aws.call("lakeformation", "get_data_cells_filter", TableCatalogId=account, DatabaseName=s["database"],
                 TableName=s["table"], Name=s["name"])
    elif kind == "athena_workgroup":
        found = aws.call("athena", "get_work_group", WorkGroup=s["name"])
        if found and found.get("WorkGroup"):
            aws.call("athena", "list_tags_for_resource",
                     ResourceARN=f"arn:aws:athena:{aws.region}:{account}:workgroup/{s['name']}")
    elif kind == "sns_topic":
        arn = f"arn:aws:sns:{aws.region}:{account}:{s['name']}"
        if aws.call("sns", "get_topic_attributes", TopicArn=arn):
            aws.call("sns", "list_tags_for_resource", ResourceArn=arn)
    elif kind == "sns_subscription":
        aws.call("sns", "list_subscriptions_by_topic", TopicArn=s["topicArn"])
    elif kind == "cloudwatch_alarm":
        found = aws.call("cloudwatch", "describe_alarms", AlarmNames=[s["name"]], AlarmTypes=["MetricAlarm"])
        for alarm in (found or {}).get("MetricAlarms", []):
            aws.call("cloudwatch", "list_tags_for_resource", ResourceARN=alarm["AlarmArn"])
    elif kind == "cloudwatch_dashboard":
        if aws.call("cloudwatch", "get_dashboard", DashboardName=s["name"]):
            aws.call("cloudwatch", "list_tags_for_resource",
                     ResourceARN=f"arn:aws:cloudwatch::{account}:dashboard/{s['name']}")
    else:
        raise SystemExit(f"baseline.py: no reads for resource type {kind}")


def listings(aws, account, databases, record):
    """The account-wide listings lakehouse makes to find what the stack owns but no longer declares."""
    aws.call("s3", "list_buckets")
    aws.call("sns", "list_topics")
    aws.call("cloudwatch", "list_dashboards")
    aws.call("lakeformation", "get_lf_tag", TagKey=record)
    found = aws.call("glue", "get_databases") or {}
    for database in found.get("DatabaseList", []):
        aws.call("glue", "get_tags", ResourceArn=f"arn:aws:glue:{aws.region}:{account}:database/{database['Name']}")
    for database in databases:
        aws.call("glue", "get_tables", DatabaseName=database)
    aws.call("iam", "list_roles")
    aws.call("lakeformation", "list_resources")
    aws.call("lakeformation", "list_data_cells_filter")
    aws.call("lakeformation", "list_permissions", CatalogId=account)
    workgroups = aws.call("athena", "list_work_groups") or {}
    for workgroup in workgroups.get("WorkGroups", []):
        if workgroup["Name"] != "primary":
            aws.call("athena", "list_tags_for_resource",
                     ResourceARN=f"arn:aws:athena:{aws.region}:{account}:workgroup/{workgroup['Name']}")


def grant_resource(s, account):
    if s.get("filter"):
        return {"DataCellsFilter": {"TableCatalogId": account, "DatabaseName": s["database"],
                                    "TableName": s["table"], "Name": s["filter"]}}
    if s.get("table"):
        return {"Table": {"CatalogId": account, "DatabaseName": s["database"], "Name": s["table"]}}
    return {"Database": {"CatalogId": account, "Name": s["database"]}}


def split_s3(url):
    bucket, _, key = url[len("s3://"):].partition("/")
    return bucket, key


# ---------------------------------------------------------------- creates, in the plan's order

def known(value, key_arn):
    """The spec with the KMS key's ARN where the plan says it is known only after apply."""
    if isinstance(value, dict):
        return {k: known(v, key_arn) for k, v in value.items()}
    if isinstance(value, list):
        return [known(v, key_arn) for v in value]
    return key_arn if value == UNKNOWN else value


def create(aws, change, account, state):
    kind, s = change["type"], known(change["after"], state.get("key_arn"))
    if kind == "kms_key":
        key = aws.call("kms", "create_key", Description=s["description"], Policy=json.dumps(s["policy"]),
                       KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT",
                       Tags=tags_list(s["tags"], "TagKey", "TagValue"))
        key_id = key["KeyMetadata"]["KeyId"]
        state["key_arn"] = key["KeyMetadata"]["Arn"]
        aws.call("kms", "create_alias", AliasName="alias/" + s["alias"], TargetKeyId=key_id)
        if s.get("rotation"):
            aws.call("kms", "enable_key_rotation", KeyId=key_id)
    elif kind == "s3_bucket":
        bucket = s["name"]
        params = {"Bucket": bucket}
        if s.get("objectOwnership"):
            params["ObjectOwnership"] = s["objectOwnership"]
        if aws.region != "us-east-1":
            params["CreateBucketConfiguration"] = {"LocationConstraint": aws.region}
        aws.call("s3", "create_bucket", **params)
        aws.call("s3", "put_bucket_tagging", Bucket=bucket, Tagging={"TagSet": tags_list(s["tags"])})
        block = s["publicAccessBlock"]
        aws.call("s3", "put_public_access_block", Bucket=bucket, PublicAccessBlockConfiguration={
            "BlockPublicAcls": block["blockPublicAcls"], "IgnorePublicAcls": block["ignorePublicAcls"],
            "BlockPublicPolicy": block["blockPublicPolicy"], "RestrictPublicBuckets": block["restrictPublicBuckets"]})
        encryption = s["encryption"]
        default = {"SSEAlgorithm": encryption["algorithm"]}
        if encryption.get("kmsKeyId"):
            default["KMSMasterKeyID"] = encryption["kmsKeyId"]
        aws.call("s3", "put_bucket_encryption", Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
            {"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": encryption["bucketKey"]}]})
        aws.call("s3", "put_bucket_versioning", Bucket=bucket, VersioningConfiguration={"Status": s["versioning"]})
        if s.get("policy"):
            aws.call("s3", "put_bucket_policy", Bucket=bucket, Policy=json.dumps(s["policy"]))
        if s.get("lifecycle"):
            aws.call("s3", "put_bucket_lifecycle_configuration", Bucket=bucket,
                     LifecycleConfiguration={"Rules": [lifecycle_rule(r) for r in s["lifecycle"]]})
        for tiering in s.get("intelligentTiering") or []:
            tierings = []
            if tiering.get("archiveAfterDays"):
                tierings.append({"Days": tiering["archiveAfterDays"], "AccessTier": "ARCHIVE_ACCESS"})
            if tiering.get("deepArchiveAfterDays"):
                tierings.append({"Days": tiering["deepArchiveAfterDays"], "AccessTier": "DEEP_ARCHIVE_ACCESS"})
            configuration = {"Id": tiering["id"], "Status": tiering["status"], "Tierings": tierings}
            if tiering.get("prefix"):
                configuration["Filter"] = {"Prefix": tiering["prefix"]}
            aws.call("s3", "put_bucket_intelligent_tiering_configuration", Bucket=bucket, Id=tiering["id"],
                     IntelligentTieringConfiguration=configuration)
    elif kind == "iam_role":
        params = {"RoleName": s["name"], "AssumeRolePolicyDocument": json.dumps(s["trustPolicy"]),
                  "MaxSessionDuration": s["maxSessionDuration"], "Tags": tags_list(s["tags"])}
        if s.get("description"):
            params["Description"] = s["description"]
        aws.call("iam", "create_role", **params)
        for policy in s.get("managedPolicies", []):
            aws.call("iam", "attach_role_policy", RoleName=s["name"], PolicyArn=policy)
        if s.get("accessPolicy"):
            aws.call("iam", "put_role_policy", RoleName=s["name"], PolicyName="lakehouse-access",
                     PolicyDocument=json.dumps(s["accessPolicy"]))
    elif kind == "lakeformation_settings":
        aws.call("lakeformation", "put_data_lake_settings", DataLakeSettings={
            "DataLakeAdmins": [{"DataLakePrincipalIdentifier": a} for a in s["admins"]]})
    elif kind == "lakeformation_location":
        aws.call("lakeformation", "register_resource", ResourceArn=s["resourceArn"], UseServiceLinkedRole=True)
    elif kind == "glue_database":
        aws.call("glue", "create_database", DatabaseInput={
            "Name": s["name"], "Description": s.get("description", ""), "LocationUri": s["locationUri"]},
            Tags=s["tags"])
    elif kind == "iceberg_table":
        metadata = iceberg_metadata(s)
        bucket, prefix = split_s3(s["location"])
        key = f"{prefix}/metadata/00000-{uuid.uuid4()}.metadata.json"
        aws.call("s3", "put_object", Bucket=bucket, Key=key, Body=json.dumps(metadata).encode())
        parameters = dict(s.get("glueParameters", {}))
        parameters.update({"table_type": "ICEBERG", "metadata_location": f"s3://{bucket}/{key}"})
        aws.call("glue", "create_table", DatabaseName=s["database"], TableInput={
            "Name": s["table"], "TableType": "EXTERNAL_TABLE", "Parameters": parameters,
            "StorageDescriptor": {"Location": s["location"], "Columns": [
                {"Name": c["name"], "Type": c["type"]} for c in s["columns"]]}})
    elif kind == "lakeformation_grant":
        resource = grant_resource(s, account)
        if s.get("columns"):
            resource = {"TableWithColumns": {"CatalogId": account, "DatabaseName": s["database"], "Name": s["table"],
                                             "ColumnNames": s["columns"]}}
        aws.call("lakeformation", "grant_permissions", CatalogId=account,
                 Principal={"DataLakePrincipalIdentifier": s["principal"]}, Resource=resource,
                 Permissions=s["permissions"], PermissionsWithGrantOption=s.get("grantable", []))
    elif kind == "lakeformation_data_filter":
        aws.call("lakeformation", "create_data_cells_filter", TableData={
            "TableCatalogId": account, "DatabaseName": s["database"], "TableName": s["table"], "Name": s["name"],
            "RowFilter": {"FilterExpression": s["rowFilter"]},
            "ColumnWildcard": {"ExcludedColumnNames": s.get("excludedColumns", [])}})
    elif kind == "athena_workgroup":
        result = {"OutputLocation": s["outputLocation"], "ExpectedBucketOwner": s["expectedBucketOwner"]}
        if s.get("encryption"):
            result["EncryptionConfiguration"] = {"EncryptionOption": s["encryption"]["option"]}
            if s["encryption"].get("kmsKey"):
                result["EncryptionConfiguration"]["KmsKey"] = s["encryption"]["kmsKey"]
        configuration = {"ResultConfiguration": result, "EnforceWorkGroupConfiguration": s["enforceConfiguration"],
                         "PublishCloudWatchMetricsEnabled": s["publishCloudWatchMetrics"],
                         "EngineVersion": {"SelectedEngineVersion": s.get("engineVersion", "AUTO")}}
        if s.get("bytesScannedCutoffPerQuery"):
            configuration["BytesScannedCutoffPerQuery"] = s["bytesScannedCutoffPerQuery"]
        aws.call("athena", "create_work_group", Name=s["name"], Configuration=configuration, Tags=tags_list(s["tags"]))
    elif kind == "sns_topic":
        attributes = {"Policy": json.dumps(s["policy"])}
        if s.get("kmsMasterKeyId"):
            attributes["KmsMasterKeyId"] = s["kmsMasterKeyId"]
        aws.call("sns", "create_topic", Name=s["name"], Attributes=attributes, Tags=tags_list(s["tags"]))
    elif kind == "sns_subscription":
        aws.call("sns", "subscribe", TopicArn=s["topicArn"], Protocol=s["protocol"], Endpoint=s["endpoint"])
    elif kind == "cloudwatch_alarm":
        aws.call("cloudwatch", "put_metric_alarm", AlarmName=s["name"], AlarmDescription=s["description"],
                 Metrics=[{"Id": q["id"], "Expression": q["expression"], "Period": q["period"],
                           "ReturnData": q["returnData"]} for q in s["queries"]],
                 ComparisonOperator=s["comparisonOperator"], Threshold=s["threshold"],
                 EvaluationPeriods=s["evaluationPeriods"], DatapointsToAlarm=s["datapointsToAlarm"],
                 TreatMissingData=s["treatMissingData"], ActionsEnabled=s["actionsEnabled"],
                 AlarmActions=s["alarmActions"], OKActions=s["okActions"],
                 InsufficientDataActions=s["insufficientDataActions"], Tags=tags_list(s["tags"]))
    elif kind == "cloudwatch_dashboard":
        aws.call("cloudwatch", "put_dashboard", DashboardName=s["name"], DashboardBody=json.dumps(s["body"]))
        aws.call("cloudwatch", "tag_resource", ResourceARN=f"arn:aws:cloudwatch::{account}:dashboard/{s['name']}",
                 Tags=tags_list(s["tags"]))
    else:
        raise SystemExit(f"baseline.py: no create for resource type {kind}")


def lifecycle_rule(rule):
    out = {"ID": rule["id"], "Status": rule["status"], "Filter": {"Prefix": rule.get("prefix") or ""}}
    if rule.get("transitions"):
        out["Transitions"] = [{"Days": t["days"], "StorageClass": t["storageClass"]} for t in rule["transitions"]]
    if rule.get("expirationDays"):
        out["Expiration"] = {"Days": rule["expirationDays"]}
    if rule.get("noncurrentVersionExpirationDays"):
        out["NoncurrentVersionExpiration"] = {"NoncurrentDays": rule["noncurrentVersionExpirationDays"]}
    if rule.get("abortIncompleteMultipartUploadDays"):
        out["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": rule["abortIncompleteMultipartUploadDays"]}
    return out


def iceberg_metadata(s):
    """A format-version 2 metadata file for a new table with the spec's columns and no snapshot."""
    fields, next_id = [], 1
    for column in s["columns"]:
        kind = column["type"]
        field_id, next_id = next_id, next_id + 1
        if kind.startswith("map<"):
            key, value = kind[4:-1].split(",", 1)
            kind = {"type": "map", "key-id": next_id, "key": key.strip(), "value-id": next_id + 1,
                    "value": value.strip(), "value-required": False}
            next_id += 2
        fields.append({"id": field_id, "name": column["name"], "required": column["required"], "type": kind})
    ids = {f["name"]: f["id"] for f in fields}
    partition = [partition_field(term, ids, 1000 + i) for i, term in enumerate(s.get("partitionBy") or [])]
    now = int(time.time() * 1000)
    return {"format-version": 2, "table-uuid": str(uuid.uuid4()), "location": s["location"],
            "last-sequence-number": 0, "last-updated-ms": now, "last-column-id": next_id - 1,
            "current-schema-id": 0, "schemas": [{"type": "struct", "schema-id": 0, "fields": fields}],
            "default-spec-id": 0, "partition-specs": [{"spec-id": 0, "fields": partition}], "last-partition-id": 999 + len(partition),
            "default-sort-order-id": 0, "sort-orders": [{"order-id": 0, "fields": []}],
            "properties": s.get("properties", {}), "current-snapshot-id": -1, "refs": {}, "snapshots": [],
            "statistics": [], "snapshot-log": [], "metadata-log": []}


def partition_field(term, ids, field_id):
    """An Iceberg partition field for a partitionBy term: a column, or transform(column), bucket(N, column) or
    truncate(W, column), named as Iceberg names it."""
    match = re.fullmatch(r"\s*(\w+)\s*\(\s*(?:(\d+)\s*,\s*)?(\w+)\s*\)\s*", term)
    if not match:
        return {"name": term.strip(), "transform": "identity", "source-id": ids[term.strip()], "field-id": field_id}
    transform, width, column = match.groups()
    suffix = {"bucket": "bucket", "truncate": "trunc"}.get(transform, transform)
    return {"name": f"{column}_{suffix}", "transform": f"{transform}[{width}]" if width else transform,
            "source-id": ids[column], "field-id": field_id}


# ---------------------------------------------------------------- the ownership record

def owned(change, account):
    """The ownership record's entries for what a Lake Formation change makes (lakehouse's OwnershipLedger:
    admins, locations, grants and filters, each <kind>-<first 16 hex digits of its identity's SHA-256>)."""
    kind, s = change["type"], change["after"]
    if kind == "lakeformation_settings":
        return [entry("admin", admin) for admin in s["admins"]]
    if kind == "lakeformation_location":
        return [entry("location", s["resourceArn"])]
    if kind == "lakeformation_grant":
        return [entry("grant", s["principal"] + "|" + json.dumps(grant_resource(s, account), sort_keys=True))]
    if kind == "lakeformation_data_filter":
        return [entry("filter", "|".join((account, s["database"], s["table"], s["name"])))]
    return []


def entry(kind, identity):
    return kind + "-" + hashlib.sha256(identity.encode()).hexdigest()[:16]


# ---------------------------------------------------------------- maintain --dry-run's reads

MANIFEST_PATH = re.compile(rb"s3://[\x21-\x7e]+?\.avro")


def avro_blocks(data):
    """The decoded data blocks of an Avro object container file (null or deflate codec)."""
    if data[:4] != b"Obj\x01":
        raise ValueError("not an Avro container file")
    position = 4

    def long_at(at):
        shift, result = 0, 0
        while True:
            byte = data[at]
            at += 1
            result |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return (result >> 1) ^ -(result & 1), at

    metadata = {}
    while True:
        count, position = long_at(position)
        if count == 0:
            break
        if count < 0:
            _, position = long_at(position)
            count = -count
        for _ in range(count):
            length, position = long_at(position)
            key = data[position:position + length].decode()
            position += length
            length, position = long_at(position)
            metadata[key] = data[position:position + length]
            position += length
    position += 16
    codec = metadata.get("avro.codec", b"null").decode()
    while position < len(data):
        _, position = long_at(position)
        size, position = long_at(position)
        block = data[position:position + size]
        position += size + 16
        yield zlib.decompress(block, -15) if codec == "deflate" else block


def maintain(aws, databases):
    for database in databases:
        token = None
        while True:
            page = aws.call("glue", "get_tables", DatabaseName=database, **({"NextToken": token} if token else {}))
            if page is None:
                break
            for table in page.get("TableList", []):
                parameters = table.get("Parameters", {})
                if parameters.get("table_type", "").upper() != "ICEBERG":
                    continue
                bucket, key = split_s3(parameters["metadata_location"])
                body = aws.call("s3", "get_object", Bucket=bucket, Key=key)
                if body is None:
                    continue
                metadata = json.loads(body["Body"].read())
                current = metadata.get("current-snapshot-id")
                snapshot = next((s for s in metadata.get("snapshots", []) if s["snapshot-id"] == current), None)
                if snapshot is None:
                    continue
                bucket, key = split_s3(snapshot["manifest-list"])
                listing = aws.call("s3", "get_object", Bucket=bucket, Key=key)
                if listing is None:
                    continue
                for block in avro_blocks(listing["Body"].read()):
                    for path in MANIFEST_PATH.findall(block):
                        bucket, key = split_s3(path.decode())
                        manifest = aws.call("s3", "get_object", Bucket=bucket, Key=key)
                        if manifest is not None:
                            manifest["Body"].read()
            token = page.get("NextToken")
            if not token:
                break


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["plan", "apply", "maintain"])
    parser.add_argument("--plan", help="a plan document (lakehouse plan --json) naming the stack's resources")
    parser.add_argument("--database", action="append", default=[], help="maintain: a Glue database to read")
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--creates-only", action="store_true",
                        help="apply: the creates alone, without reading back or recording what was made")
    args = parser.parse_args()
    aws = Aws(args.endpoint_url, args.region)
    if args.mode == "maintain":
        maintain(aws, args.database)
    else:
        with open(args.plan) as f:
            plan = json.load(f)
        account = aws.call("sts", "get_caller_identity")["Account"]
        changes = plan["changes"]
        for change in changes:
            read(aws, change, account)
        databases = [spec(c)["name"] for c in changes if c["type"] == "glue_database"]
        stack = plan["stack"]
        record = f"lakehouse:{stack['project']}:{stack['env']}"
        listings(aws, account, databases, record)
        if args.mode == "apply":
            state = {}
            for change in changes:
                if change["action"] in ("create", "update"):
                    entries = [] if args.creates_only else owned(change, account)
                    if entries:
                        present = aws.call("lakeformation", "get_lf_tag", TagKey=record)
                    create(aws, change, account, state)
                    if args.creates_only:
                        continue
                    read(aws, change, account)
                    if entries:
                        if not (present or {}).get("TagValues"):
                            aws.call("lakeformation", "create_lf_tag", TagKey=record, TagValues=entries)
                        else:
                            aws.call("lakeformation", "update_lf_tag", TagKey=record, TagValuesToAdd=entries)
    print(json.dumps({"calls": aws.calls, "errors": aws.errors}))


if __name__ == "__main__":
    main()
