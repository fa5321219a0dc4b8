// The PDK's default UserIdentity, synthesized by a bare node app (no CDK CLI): the same work as
// `identity-compiler compile examples/web-app.yaml -o OUT`. Usage: node app.js OUT
const cdk = require('aws-cdk-lib');
const { UserIdentity } = require('@aws/pdk/identity');

const app = new cdk.App({ analyticsReporting: false, context: { 'aws:cdk:version-reporting': false } });
const stack = new cdk.Stack(app, 'WebApp', {
  synthesizer: new cdk.DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
});
new UserIdentity(stack, 'Identity');
const template = app.synth().getStackByName('WebApp').template;
require('fs').writeFileSync(process.argv[2], JSON.stringify(template, null, 2) + '\n');
