// Amplify.configure of an amplify_outputs.json, as a web app does at start-up; prints the
// configuration Amplify made of it (Amplify.getConfig()) as one JSON line. No network is used.
import { readFileSync } from 'node:fs';
import { Amplify } from 'aws-amplify';

const outputs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
Amplify.configure(outputs);
process.stdout.write(JSON.stringify(Amplify.getConfig()) + '\n');
