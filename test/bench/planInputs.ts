// A generated `terraform show -json` plan for the plan bench: a root VPC and N service modules
// (from one source, as Terraform writes each call's configuration in full), each with a security
// group, `count` instances, a load balancer, an IAM policy (a JSON document in a string) and a
// nested DNS module; references through module inputs and outputs, as real configurations have.
// Actions are a realistic mix: mostly no-op and update, some creates, a few replacements and
// deletes; instance user_data is sensitive.

/** Resources per service module: 1 security group + instances + 1 load balancer + 1 policy + 2 records. */
const instancesPerModule = 20;
const resourcesPerModule = instancesPerModule + 5;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function policy(version: number): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' },
      ...(version > 0 ? [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: '*' }] : []),
    ],
  });
}

function change(
  actions: string[],
  before: Json,
  after: Json,
  extra: Record<string, Json> = {},
): Record<string, Json> {
  return {
    actions,
    before,
    after,
    after_unknown: actions.includes('create') ? { id: true, arn: true } : {},
    before_sensitive: before === null ? false : { user_data: true, tags: {} },
    after_sensitive: after === null ? false : { user_data: true, tags: {} },
    ...extra,
  };
}

function instanceValues(module: number, i: number, ami: string): Record<string, Json> {
  return {
    id: `i-${module.toString(16)}${i.toString(16).padStart(4, '0')}`,
    arn: `arn:aws:ec2:eu-west-1:123456789012:instance/i-${module}-${i}`,
    ami,
    instance_type: i % 3 === 0 ? 't3.large' : 't3.medium',
    subnet_id: `subnet-${module % 16}`,
    vpc_security_group_ids: [`sg-${module}`],
    user_data: `#!/bin/sh\nexport DB_PASSWORD=secret-${module}-${i}\n`,
    monitoring: true,
    root_block_device: [{ volume_size: 20, volume_type: 'gp3', encrypted: true }],
    tags: { Name: `svc-${module}-${i}`, team: `team-${module % 7}`, env: 'prod' },
  };
}

/** The plan text for about `resources` resource changes (rounded to whole modules). */
export function generatePlan(resources: number): { text: string; resources: number } {
  const modules = Math.max(1, Math.round((resources - 1) / resourcesPerModule));
  const resourceChanges: Json[] = [];
  const moduleCalls: Record<string, Json> = {};
  resourceChanges.push({
    address: 'aws_vpc.main',
    mode: 'managed',
    type: 'aws_vpc',
    name: 'main',
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: change(
      ['no-op'],
      { id: 'vpc-1', cidr_block: '10.0.0.0/16' },
      { id: 'vpc-1', cidr_block: '10.0.0.0/16' },
    ),
  });
  for (let m = 0; m < modules; m++) {
    const name = `svc_${m}`;
    const prefix = `module.${name}`;
    const entry = (
      address: string,
      type: string,
      resourceName: string,
      changeValue: Record<string, Json>,
      moduleAddress = prefix,
      index?: number,
    ): Json => ({
      address,
      module_address: moduleAddress,
      mode: 'managed',
      type,
      name: resourceName,
      ...(index === undefined ? {} : { index }),
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: changeValue,
    });
    const sg = {
      id: `sg-${m}`,
      name: `svc-${m}`,
      vpc_id: 'vpc-1',
      ingress: [{ from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/8'] }],
    };
    // Every 40th module replaces its security group (its name changes).
    resourceChanges.push(
      m % 40 === 0
        ? entry(
            `${prefix}.aws_security_group.this`,
            'aws_security_group',
            'this',
            change(
              ['create', 'delete'],
              sg,
              { ...sg, id: null, name: `svc-${m}-v2` },
              { replace_paths: [['name']] },
            ),
          )
        : entry(
            `${prefix}.aws_security_group.this`,
            'aws_security_group',
            'this',
            change(['no-op'], sg, sg),
          ),
    );
    for (let i = 0; i < instancesPerModule; i++) {
      const before = instanceValues(m, i, 'ami-0123');
      const kind = (m * instancesPerModule + i) % 50;
      let value: Record<string, Json>;
      if (kind === 0) {
        value = change(
          ['delete', 'create'],
          before,
          { ...instanceValues(m, i, 'ami-0456'), id: null, arn: null },
          { replace_paths: [['ami']] },
        );
      } else if (kind < 5) {
        value = change(['update'], before, {
          ...before,
          instance_type: 't3.xlarge',
          tags: { ...(before.tags as Record<string, Json>), env: 'prod', cost: 'high' },
        });
      } else if (kind === 5) {
        value = change(['delete'], before, null);
      } else if (kind === 6) {
        value = change(['create'], null, {
          ...instanceValues(m, i, 'ami-0456'),
          id: null,
          arn: null,
        });
      } else {
        value = change(['no-op'], before, before);
      }
      resourceChanges.push(
        entry(`${prefix}.aws_instance.app[${i}]`, 'aws_instance', 'app', value, prefix, i),
      );
    }
    const lb = { id: `lb-${m}`, name: `svc-${m}`, internal: false, security_groups: [`sg-${m}`] };
    resourceChanges.push(
      entry(`${prefix}.aws_lb.this`, 'aws_lb', 'this', change(['no-op'], lb, lb)),
    );
    const pol = { id: `policy-${m}`, name: `svc-${m}`, policy: policy(0) };
    resourceChanges.push(
      entry(
        `${prefix}.aws_iam_policy.this`,
        'aws_iam_policy',
        'this',
        m % 5 === 0
          ? change(['update'], pol, { ...pol, policy: policy(1) })
          : change(['no-op'], pol, pol),
      ),
    );
    for (const record of ['a', 'aaaa']) {
      const r = {
        id: `Z1_svc-${m}_${record}`,
        name: `svc-${m}.example.com`,
        type: record.toUpperCase(),
        records: [`lb-${m}.elb.amazonaws.com`],
      };
      resourceChanges.push(
        entry(
          `${prefix}.module.dns.aws_route53_record.${record}`,
          'aws_route53_record',
          record,
          change(['no-op'], r, r),
          `${prefix}.module.dns`,
        ),
      );
    }
    moduleCalls[name] = {
      source: './service',
      expressions: {
        vpc_id: { references: ['aws_vpc.main.id', 'aws_vpc.main'] },
        subnet_id: { constant_value: `subnet-${m % 16}` },
      },
      module: {
        outputs: {
          lb_dns: { expression: { references: ['aws_lb.this.dns_name', 'aws_lb.this'] } },
        },
        resources: [
          {
            address: 'aws_security_group.this',
            mode: 'managed',
            type: 'aws_security_group',
            name: 'this',
            expressions: { vpc_id: { references: ['var.vpc_id'] } },
          },
          {
            address: 'aws_instance.app',
            mode: 'managed',
            type: 'aws_instance',
            name: 'app',
            expressions: {
              subnet_id: { references: ['var.subnet_id'] },
              vpc_security_group_ids: {
                references: ['aws_security_group.this.id', 'aws_security_group.this'],
              },
              root_block_device: [{ volume_size: { constant_value: 20 } }],
            },
            count_expression: { constant_value: instancesPerModule },
          },
          {
            address: 'aws_lb.this',
            mode: 'managed',
            type: 'aws_lb',
            name: 'this',
            expressions: {
              security_groups: {
                references: ['aws_security_group.this.id', 'aws_security_group.this'],
              },
            },
            depends_on: ['aws_instance.app'],
          },
          {
            address: 'aws_iam_policy.this',
            mode: 'managed',
            type: 'aws_iam_policy',
            name: 'this',
            expressions: { policy: { references: ['local.policy'] } },
          },
        ],
        variables: { vpc_id: {}, subnet_id: {} },
        module_calls: {
          dns: {
            source: './dns',
            expressions: { target: { references: ['aws_lb.this.dns_name', 'aws_lb.this'] } },
            module: {
              resources: ['a', 'aaaa'].map((record) => ({
                address: `aws_route53_record.${record}`,
                mode: 'managed',
                type: 'aws_route53_record',
                name: record,
                expressions: { records: { references: ['var.target'] } },
              })),
              variables: { target: {} },
            },
          },
        },
      },
    };
  }
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.5',
    applyable: true,
    complete: true,
    errored: false,
    resource_changes: resourceChanges,
    output_changes: {
      vpc_id: {
        actions: ['no-op'],
        before: 'vpc-1',
        after: 'vpc-1',
        after_unknown: false,
        before_sensitive: false,
        after_sensitive: false,
      },
    },
    configuration: {
      root_module: {
        resources: [
          {
            address: 'aws_vpc.main',
            mode: 'managed',
            type: 'aws_vpc',
            name: 'main',
            expressions: { cidr_block: { constant_value: '10.0.0.0/16' } },
          },
        ],
        module_calls: moduleCalls,
        outputs: { vpc_id: { expression: { references: ['aws_vpc.main.id', 'aws_vpc.main'] } } },
      },
    },
  };
  return { text: JSON.stringify(plan), resources: resourceChanges.length };
}
