// "Scaffold": pick a scaffold, show the files it would add, create only the new ones (never overwrite).
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';

/** Runs a scaffold by id (asks when none is given). */
export async function runScaffold(_service: AnalysisService, id: string | undefined, _folderKey: string | undefined): Promise<void> {
  await vscode.window.showInformationMessage(`ML Coach: project scaffolds${id ? ` (${id})` : ''} are not available in this version yet.`);
}
