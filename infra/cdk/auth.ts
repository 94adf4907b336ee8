/**
 * Who may sign in (DESIGN.md §5): officials in the groups `publisher`, `reviewer`, `admin`, and
 * enterprises in the group `enterprise`, each enterprise user carrying exactly one USCC in the
 * immutable attribute `custom:uscc`. Accounts are created by administrators (no self sign-up);
 * MFA is required and Cognito's threat protection blocks risky sign-ins (Plus feature plan).
 *
 * The API's JWT authorizer checks signature, issuer and audience; the apps check the groups and
 * the USCC again (defence in depth).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolGroup,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ENTERPRISE_GROUP, OFFICIAL_GROUPS, type UserGroup } from './functions/catalogue.ts';

const GROUP_DESCRIPTIONS: Record<UserGroup, string> = {
  publisher: 'Officials who publish and correct records, list entries and classes',
  reviewer: 'Officials who review credit repair applications',
  admin: 'Officials who manage imports, users and the audit trail',
  enterprise: 'Enterprise users; each carries its USCC in custom:uscc and sees only that enterprise',
};

export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly groups: readonly UserPoolGroup[];
  /** The JWT issuer of this pool (`https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
  readonly issuer: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${stackName}-users`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      customAttributes: {
        // GB 32100-2015: 18 characters. Immutable: an enterprise account never changes enterprise.
        uscc: new StringAttribute({ minLen: 18, maxLen: 18, mutable: false }),
        // The official's department (DESIGN.md §5); set by administrators only (see writeAttributes).
        department: new StringAttribute({ minLen: 1, maxLen: 128, mutable: true }),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const groupNames: UserGroup[] = [...OFFICIAL_GROUPS, ENTERPRISE_GROUP];
    this.groups = groupNames.map(
      (groupName) =>
        new UserPoolGroup(this, `Group-${groupName}`, {
          userPool: this.userPool,
          groupName,
          description: GROUP_DESCRIPTIONS[groupName],
        }),
    );

    this.client = this.userPool.addClient('ApiClient', {
      userPoolClientName: `${stackName}-api`,
      generateSecret: false,
      authFlows: { userSrp: true },
      // No hosted UI yet: clients sign in with SRP through the Cognito API. (Left unset, CDK would
      // enable the implicit grant with an example.com callback.)
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true, locale: true })
        .withCustomAttributes('uscc', 'department'),
      // Users may change their display preferences only: never custom:uscc (immutable anyway) nor
      // custom:department, which the apps trust for authorisation.
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true, timezone: true }),
    });

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
  }
}
