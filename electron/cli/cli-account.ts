import readline from 'node:readline';
import { AppError } from '../services/shared/app-error';

/** The environment variables the CLI reads its account from: never the command line (shell history, ps). */
export const CLI_USER_ENV = 'GRIDDESK_USER';
export const CLI_PASSWORD_ENV = 'GRIDDESK_PASSWORD';

export interface CliAccount {
  username: string;
  password: string;
}

/**
 * Who the CLI acts as: `--user NAME` (or GRIDDESK_USER), the password from GRIDDESK_PASSWORD or,
 * at a terminal, a prompt that does not echo. Without both, nothing runs: every CLI read is scoped
 * and every write attributed, like the app's.
 */
export async function cliAccount(userOption: string | undefined): Promise<CliAccount> {
  const username = userOption ?? process.env[CLI_USER_ENV];
  if (!username) {
    throw new AppError('not_signed_in', `命令行须以账号身份运行：--user 用户名（或环境变量 ${CLI_USER_ENV}），密码取自环境变量 ${CLI_PASSWORD_ENV} 或终端提示`);
  }
  const password = process.env[CLI_PASSWORD_ENV] ?? (process.stdin.isTTY ? await promptHidden(`${username} 的密码：`) : undefined);
  if (!password) throw new AppError('not_signed_in', `没有密码：请设置环境变量 ${CLI_PASSWORD_ENV}，或在终端中运行以输入密码`);
  return { username, password };
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // Echo nothing of what is typed after the question.
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text: string) => {
      if (text.startsWith(question)) process.stderr.write(question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
