import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { DeploymentScope, allow, policyDocument, scopedArn, serviceTrust } from "../iam";
import { readRepositoryJson } from "../repoPaths";
import { SecureBucket } from "./secureBucket";

/** The three Personalize datasets and the schema file each one uses (shared with the C# dataset builder). */
export const personalizeDatasetKinds = [
    { kind: "interactions", type: awsnative.types.enums.personalize.DatasetType.Interactions, schemaFile: "datasets/schemas/interactions.json" },
    { kind: "users", type: awsnative.types.enums.personalize.DatasetType.Users, schemaFile: "datasets/schemas/users.json" },
    { kind: "items", type: awsnative.types.enums.personalize.DatasetType.Items, schemaFile: "datasets/schemas/items.json" },
] as const;

export const userPersonalizationRecipe = "arn:aws:personalize:::recipe/aws-user-personalization-v2";
export const relatedItemsRecipe = "arn:aws:personalize:::recipe/aws-sims";
/** The only event type the solutions train on: a listen to the end or of at least 30 s (the event contract's "complete"). */
export const trainingEventType = "complete";

export interface PersonalizeDatasetsArgs {
    namePrefix: string;
    scope: DeploymentScope;
}

/**
 * Datasets bucket, Personalize dataset group, schemas, datasets, event tracker and the two solutions.
 * Campaigns and filters have no resource type in either provider: the dataset builder creates them
 * under the names whose ARNs are computed here (campaignArn, relatedItemsCampaignArn).
 */
export class PersonalizeDatasets extends pulumi.ComponentResource {
    readonly bucket: SecureBucket;
    readonly role: aws.iam.Role;
    readonly datasetGroup: awsnative.personalize.DatasetGroup;
    readonly eventTracker: awsnative.personalize.EventTracker;
    readonly solution: awsnative.personalize.Solution;
    readonly relatedItemsSolution: awsnative.personalize.Solution;
    readonly campaignArn: pulumi.Output<string>;
    readonly relatedItemsCampaignArn: pulumi.Output<string>;
    /** The filter the recommendations use (exclusions), created by the builder under this name. */
    readonly filterArn: pulumi.Output<string>;
    /** ARN pattern of the dataset import jobs the builder starts; it names them per run, so only the type is fixed. */
    readonly importJobArnPattern: pulumi.Output<string>;
    readonly datasetArns: pulumi.Output<string>[];
    readonly datasetArnOf: Record<"interactions" | "users" | "items", pulumi.Output<string>>;

    constructor(name: string, args: PersonalizeDatasetsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:personalize:PersonalizeDatasets", name, {}, opts);
        const child = { parent: this };
        const prefix = args.namePrefix;

        // Personalize reads import files with its service principal, which needs the bucket policy as well as the role.
        this.bucket = new SecureBucket(`${name}-bucket`, {
            extraStatements: arn => [{
                Sid: "PersonalizeReadsDatasets",
                Effect: "Allow",
                Principal: { Service: "personalize.amazonaws.com" },
                Action: ["s3:GetObject", "s3:ListBucket"],
                Resource: [arn, pulumi.interpolate`${arn}/*`],
                Condition: { StringEquals: { "aws:SourceAccount": args.scope.accountId } },
            }],
        }, child);

        this.role = new aws.iam.Role(`${name}-role`, {
            description: "Assumed by Amazon Personalize to read dataset files",
            assumeRolePolicy: serviceTrust("personalize.amazonaws.com", args.scope.accountId, scopedArn(args.scope, "personalize", "*")),
        }, child);
        new aws.iam.RolePolicy(`${name}-role-reads-bucket`, {
            role: this.role.id,
            policy: policyDocument([
                allow(["s3:ListBucket"], [this.bucket.arn], "ListDatasets"),
                allow(["s3:GetObject"], [pulumi.interpolate`${this.bucket.arn}/*`], "ReadDatasets"),
            ]),
        }, child);

        const groupName = `${prefix}-music`;
        this.datasetGroup = new awsnative.personalize.DatasetGroup(`${name}-group`, { name: groupName }, child);

        const datasets = personalizeDatasetKinds.map(d => {
            const schema = new awsnative.personalize.Schema(`${name}-${d.kind}-schema`, {
                name: `${prefix}-${d.kind}`,
                schema: JSON.stringify(readRepositoryJson(d.schemaFile)),
            }, child);
            return new awsnative.personalize.Dataset(`${name}-${d.kind}`, {
                name: `${prefix}-${d.kind}`,
                datasetGroupArn: this.datasetGroup.datasetGroupArn,
                datasetType: d.type,
                schemaArn: schema.schemaArn,
            }, child);
        });
        this.datasetArns = datasets.map(d => d.datasetArn);
        this.datasetArnOf = { interactions: datasets[0].datasetArn, users: datasets[1].datasetArn, items: datasets[2].datasetArn };

        this.eventTracker = new awsnative.personalize.EventTracker(`${name}-tracker`, {
            name: `${prefix}-events`,
            datasetGroupArn: this.datasetGroup.datasetGroupArn,
        }, { parent: this, dependsOn: datasets });

        // A solution costs nothing until a version of it is trained. Personalize turns automatic training on for a new
        // solution (a version every 7 days, billed per training hour, ungated) and neither provider can turn it off: the
        // dataset builder does (DescribeSolution/UpdateSolution) before its first training.
        // Both train on "complete" events only: skips (under 30 s played) and dislikes stay in INTERACTIONS for the filters
        // but are not interest. (Per-type weights, eventsConfig, are not in either provider's Solution.)
        this.solution = new awsnative.personalize.Solution(`${name}-solution`, {
            name: `${prefix}-user-personalization`,
            datasetGroupArn: this.datasetGroup.datasetGroupArn,
            recipeArn: userPersonalizationRecipe,
            eventType: trainingEventType,
        }, { parent: this, dependsOn: datasets });
        this.relatedItemsSolution = new awsnative.personalize.Solution(`${name}-related-solution`, {
            name: `${prefix}-related-items`,
            datasetGroupArn: this.datasetGroup.datasetGroupArn,
            recipeArn: relatedItemsRecipe,
            eventType: trainingEventType,
        }, { parent: this, dependsOn: datasets });

        this.campaignArn = scopedArn(args.scope, "personalize", `campaign/${prefix}-recommendations`);
        this.relatedItemsCampaignArn = scopedArn(args.scope, "personalize", `campaign/${prefix}-related-items`);
        this.filterArn = scopedArn(args.scope, "personalize", `filter/${prefix}-exclusions`);
        this.importJobArnPattern = scopedArn(args.scope, "personalize", "dataset-import-job/*");

        this.registerOutputs({
            datasetGroupArn: this.datasetGroup.datasetGroupArn,
            eventTrackerArn: this.eventTracker.eventTrackerArn,
            campaignArn: this.campaignArn,
        });
    }
}
