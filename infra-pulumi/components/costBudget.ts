import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DeploymentScope, policyDocument } from "../iam";

export interface CostBudgetArgs {
    namePrefix: string;
    scope: DeploymentScope;
    /** The month's budget in USD (stack config budgetUsd, default 20). */
    amountUsd: number;
    alarmTopic: aws.sns.Topic;
    alarmEmail: string | undefined;
}

/**
 * An AWS Budgets cost budget for the account, monthly: alerts at 80% of the amount actually spent and when the month is
 * forecast past it, to the alarm topic (and the alarm email, when set).
 */
export class CostBudget extends pulumi.ComponentResource {
    readonly budget: aws.budgets.Budget;

    constructor(name: string, args: CostBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:operations:CostBudget", name, {}, opts);
        const child = { parent: this };

        // Budgets publishes to the topic only if the topic's policy lets it; the policy replaces the default one, so the
        // account's CloudWatch alarms are named too. Both only for this account's alarms and budgets.
        const publisher = (sid: string, service: string) => ({
            Sid: sid,
            Effect: "Allow" as const,
            Principal: { Service: service },
            Action: ["SNS:Publish"],
            Resource: [args.alarmTopic.arn],
            Condition: { StringEquals: { "aws:SourceAccount": args.scope.accountId } },
        });
        const topicPolicy = new aws.sns.TopicPolicy(`${name}-publish`, {
            arn: args.alarmTopic.arn,
            policy: policyDocument([publisher("CloudWatchAlarmsPublish", "cloudwatch.amazonaws.com"), publisher("BudgetsPublish", "budgets.amazonaws.com")]),
        }, child);

        const subscribers = {
            subscriberSnsTopicArns: [args.alarmTopic.arn],
            ...(args.alarmEmail ? { subscriberEmailAddresses: [args.alarmEmail] } : {}),
        };
        this.budget = new aws.budgets.Budget(`${name}-monthly`, {
            name: `${args.namePrefix}-monthly-cost`,
            budgetType: "COST",
            limitAmount: args.amountUsd.toFixed(2),
            limitUnit: "USD",
            timeUnit: "MONTHLY",
            notifications: [
                { comparisonOperator: "GREATER_THAN", threshold: 80, thresholdType: "PERCENTAGE", notificationType: "ACTUAL", ...subscribers },
                { comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", notificationType: "FORECASTED", ...subscribers },
            ],
        }, { parent: this, dependsOn: [topicPolicy] });

        this.registerOutputs({ budgetName: this.budget.name });
    }
}
